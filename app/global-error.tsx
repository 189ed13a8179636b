"use client";
// The last resort, when even the root layout failed: its own <html>, no dependencies.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: 0 }}>
        <main style={{ maxWidth: 480, margin: "80px auto", textAlign: "center", padding: 16 }}>
          <p style={{ color: "#0f766e", fontWeight: 600, fontSize: 14, textTransform: "uppercase" }}>Error</p>
          <h1 style={{ fontSize: 24, margin: "8px 0" }}>Tessera could not show this page</h1>
          <p style={{ color: "#475569", fontSize: 14 }}>It may be a passing problem. Try again in a moment.</p>
          <p style={{ marginTop: 24, display: "flex", gap: 12, justifyContent: "center" }}>
            <button type="button" onClick={reset} style={{ padding: "8px 14px" }}>
              Try again
            </button>
            {/* A full page load, not next/link: the root layout failed, so the client router and its
                state are not to be trusted; a fresh document from the server is the way back. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a
              href="/"
              style={{ padding: "8px 14px", background: "#0f766e", color: "white", borderRadius: 6, textDecoration: "none" }}
            >
              Go home
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}
