// The listing's QR code. Not a client component: qrcode.react's SVG needs only useMemo, which server
// components have too, so a listing's page and its poster send the finished <svg> and none of the
// encoder's code; the kiosk (a client component) bundles it as before.
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
