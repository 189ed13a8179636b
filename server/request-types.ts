// The shapes a request carries into the context (its session claims and who sent it). Kept apart
// from context.ts so the modules that produce them (auth/session.ts, request-info.ts) do not import
// the context that imports them.

/** What a verified session cookie says. The database decides on every request whether it still holds. */
export interface SessionClaims {
  userId: string;
  sessionVersion: number;
  /**
   * The device session (a `sessions` row) the cookie belongs to. Every cookie carries one: a token
   * without it is refused (auth/session.ts). Only contexts built in-process without HTTP (tests,
   * scripts) may leave it out; those are checked on the user's version and standing alone.
   */
  sessionId?: string;
}

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}
