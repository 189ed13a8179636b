// A module resolution hook for server.ts. The `server-only` package throws when imported outside a
// React Server Components build (its guard against leaking server code to the browser); the
// production server loads the tRPC router straight from source, on the server, where the guard has
// nothing to guard. Next's own bundles resolve it themselves and never pass through here.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export {};", shortCircuit: true };
  return nextResolve(specifier, context);
}
