// Security headers for what does not pass through proxy.ts: API answers and the build's static
// files. One list, read by next.config.mjs (routes Next serves) and by server/http/node-server.ts
// (the tRPC endpoint, which the production server answers outside Next).

const production = () => process.env.NODE_ENV === "production";

/**
 * API answers are data, never documents: nothing may run, embed or frame them.
 * @returns {{ key: string, value: string }[]}
 */
export function apiHeaders() {
  return [
    {
      key: "Content-Security-Policy",
      value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    ...(production() ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

/** @returns {{ key: string, value: string }[]} */
export function staticHeaders() {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  ];
}
