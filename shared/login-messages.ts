// What a refused sign-in says: one wording for the server and the login page.
export const LOGIN_ERRORS = {
  INVALID_CREDENTIALS: "That email or phone and password do not match. Check them and try again.",
  THROTTLED: "Too many failed attempts. Wait a moment and try again.",
  ACCOUNT_SUSPENDED: "This account is suspended. Contact your administrator.",
  ACCOUNT_BANNED: "This account is banned.",
  PILOT_INACTIVE: "The pilot is closed for sign-in right now. Please try again later.",
  PILOT_NOT_STARTED: "The pilot has not started yet; sign-in opens when it does.",
} as const;
export type LoginErrorCode = keyof typeof LOGIN_ERRORS;
