export * from "./geography";
export * from "./accounts";
export * from "./features";
export * from "./audit";
