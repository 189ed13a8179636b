// Moved to shared/login-messages.ts (the login page imports it too); kept for existing server imports.
export * from "@/shared/login-messages";
