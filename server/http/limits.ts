// Limits on what one request may make the server hold or do, enforced on the bytes actually read.

/** Uploads are the largest bodies (8 MB images); nothing else comes close. */
export const MAX_BODY_BYTES = 9 * 1024 * 1024;

/** Calls in one tRPC batch (the client's httpBatchLink uses the same number as maxItems). */
export const MAX_BATCH_SIZE = 10;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

/**
 * Reads a request body, counting the bytes as they arrive, whatever the framing (Content-Length or
 * chunked). A declared length over the limit is refused before anything is read; an undeclared
 * body is read until it passes the limit, then the stream is cancelled (the rest is never held).
 */
export async function readBodyLimited(req: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  if (!req.body) return null;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      chunks.length = 0;
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return body;
}

/** The same request with its body already read (so nothing downstream reads past the limit). */
export async function withLimitedBody(req: Request, limit = MAX_BODY_BYTES): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const body = await readBodyLimited(req, limit);
  const headers = new Headers(req.headers);
  headers.delete("transfer-encoding");
  if (body) headers.set("content-length", String(body.byteLength));
  return new Request(req.url, { method: req.method, headers, body: body as BodyInit | null, signal: req.signal });
}

export function tooLargeResponse(): Response {
  return Response.json(
    { error: { message: "The request is too large. Photos can be at most 8 MB." } },
    { status: 413, headers: { "Cache-Control": "no-store", Connection: "close" } },
  );
}
