import { apiHeaders, staticHeaders } from "./shared/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM database/crypto packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // `npm run typecheck` (part of `npm test`) checks the whole project, tests included; the build
  // does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The build's static files and the API do not pass through proxy.ts: their headers are set here
  // (and, for the tRPC endpoint the production server answers itself, by server/http/node-server.ts
  // from the same list).
  async headers() {
    return [
      { source: "/api/:path*", headers: apiHeaders() },
      { source: "/_next/:path*", headers: staticHeaders() },
    ];
  },
};
export default nextConfig;
