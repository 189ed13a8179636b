"use client";
// CLOUDINARY: next-cloudinary's upload widget (it shows its own progress) signs through
// /api/uploads/cloudinary-signature; the caller registers the result with uploads.registerCloudinary.
import { CldUploadWidget, type CloudinaryUploadWidgetResults } from "next-cloudinary";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button } from "@/components/ui";
import { CLOUDINARY_ALLOWED_FORMATS, CLOUDINARY_FOLDERS, LISTING_PHOTO_LIMITS } from "@/shared/upload-limits";

/** The Cloudinary widget behind a button; its settings come from uploads.signCloudinary. */
export function CloudinaryButton({
  disabled,
  onSuccess,
  onError,
}: {
  disabled: boolean;
  onSuccess: (results: CloudinaryUploadWidgetResults) => void;
  onError: (message: string) => void;
}) {
  const settings = api.uploads.signCloudinary.useQuery(undefined, { staleTime: 30 * 60_000 });
  if (settings.error) return <Alert title="Uploads are unavailable">{errorMessage(settings.error)}</Alert>;
  if (!settings.data)
    return (
      <Button disabled busy>
        Add photos
      </Button>
    );
  return (
    <CldUploadWidget
      signatureEndpoint="/api/uploads/cloudinary-signature"
      config={{ cloud: { cloudName: settings.data.cloudName, apiKey: settings.data.apiKey } }}
      options={{
        folder: CLOUDINARY_FOLDERS.LISTING_MEDIA,
        sources: ["local", "camera"],
        multiple: false,
        maxFiles: 1,
        resourceType: "image",
        clientAllowedFormats: CLOUDINARY_ALLOWED_FORMATS.split(","),
        maxFileSize: LISTING_PHOTO_LIMITS.maxBytes,
      }}
      onSuccess={(results) => onSuccess(results)}
      onError={(error) => onError(typeof error === "string" ? error : (error?.statusText ?? "The upload to Cloudinary failed."))}
    >
      {({ open, isLoading }) => (
        <Button type="button" disabled={disabled} busy={isLoading} onClick={() => open()}>
          {isLoading ? "Loading the uploader…" : "Add photos"}
        </Button>
      )}
    </CldUploadWidget>
  );
}
