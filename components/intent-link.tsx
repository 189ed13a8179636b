"use client";
// A Link for the site's navigation bars: prefetched once someone points at it or focuses it, not as
// soon as it is on screen. Every page under them is dynamic (no loading.js), so a viewport
// prefetch brings only the route's tree, yet a bar of links made two requests each while the page
// was still starting up (Next's documented hover-prefetch pattern).
import Link from "next/link";
import { useState } from "react";

export function IntentLink({ onMouseEnter, onFocus, onTouchStart, ...props }: React.ComponentProps<typeof Link>) {
  const [intent, setIntent] = useState(false);
  return (
    <Link
      {...props}
      prefetch={intent ? null : false}
      onMouseEnter={(e) => {
        setIntent(true);
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        setIntent(true);
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        setIntent(true);
        onTouchStart?.(e);
      }}
    />
  );
}
