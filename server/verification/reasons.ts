// Moved to shared/verification-reasons.ts (the browser imports it too); kept for existing server imports.
export * from "@/shared/verification-reasons";
