export * from "./values";
export * from "./geography";
export * from "./accounts";
export * from "./features";
export * from "./audit";
export * from "./uploads";
export * from "./listings";
export * from "./safety";
