// LOCAL uploads travel as multipart form data straight to the tRPC mutation uploads.uploadLocal,
// with XMLHttpRequest (fetch cannot report upload progress); the reply is tRPC's own JSON
// envelope, read with superjson like the tRPC client would.
import superjson from "superjson";
import { errorMessage } from "@/components/trpc/react";

/** An error as the tRPC client would give it: a message and the formatter's data. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly data: {
      appCode?: string | null;
      reason?: string | null;
      fieldErrors?: Record<string, string[]> | null;
    } | null = null,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

type TrpcEnvelope = { result?: { data?: unknown }; error?: unknown };

/**
 * POSTs the form to a tRPC mutation as httpLink would (multipart body, no batching, no
 * transformer on the input), reporting upload progress, and unwraps tRPC's reply:
 * `{ result: { data: <superjson> } }` or `{ error: <superjson of the error shape> }`.
 */
export function postFormToTrpc<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/trpc/${path}`);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new UploadError("The upload was interrupted. Check your connection and try again."));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled."));
    xhr.onload = () => {
      let body: TrpcEnvelope | null;
      try {
        body = JSON.parse(xhr.responseText) as TrpcEnvelope | null;
      } catch {
        body = null;
      }
      if (body?.result && "data" in body.result) {
        resolve(superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as T);
        return;
      }
      if (body?.error) {
        const shape = superjson.deserialize(body.error as Parameters<typeof superjson.deserialize>[0]) as {
          message?: string;
          data?: UploadError["data"];
        };
        reject(new UploadError(shape?.message || "The upload was refused.", shape?.data ?? null));
        return;
      }
      reject(
        new UploadError(
          xhr.status === 413
            ? "The file is too large for the server."
            : `The upload failed (HTTP ${xhr.status}). Please try again.`,
        ),
      );
    };
    xhr.send(form);
  });
}

/** The message for a refused upload, with the field message when the form itself was wrong. */
export function uploadErrorText(error: unknown): string {
  if (error instanceof UploadError) {
    const field = error.data?.fieldErrors?.file?.[0] ?? error.data?.fieldErrors?._form?.[0];
    return field ?? error.message;
  }
  return errorMessage(error) ?? "The upload failed.";
}
