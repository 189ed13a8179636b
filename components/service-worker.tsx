"use client";
// Registers public/sw.js, which shows the offline page when a page cannot load without a network
// (production builds only: development files are not versioned).
import { useEffect } from "react";

export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Without it everything works online; only the offline page is missing.
    });
  }, []);
  return null;
}
