// Moved to shared/upload-limits.ts (the browser imports it too); kept for existing server imports.
export * from "@/shared/upload-limits";
