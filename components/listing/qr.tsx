"use client";
// The listing's QR code (qrcode.react renders with hooks, so it lives on the client side).
import { QRCodeSVG } from "qrcode.react";

export function ListingQr({
  url,
  size = 176,
  title,
  className,
}: {
  url: string;
  size?: number;
  title: string;
  className?: string;
}) {
  return (
    <QRCodeSVG
      value={url}
      size={size}
      level="M"
      marginSize={2}
      title={title}
      role="img"
      aria-label={title}
      className={className ?? "h-auto max-w-full"}
      data-testid="listing-qr"
    />
  );
}
