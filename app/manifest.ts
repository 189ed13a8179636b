import type { MetadataRoute } from "next";

// Installable on a phone: opens on /home, which sends each person to their role's area (sign-in first);
// the shortcuts (a long press on the icon) go straight to the destinations travelers and hosts use.
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Tessera",
    short_name: "Tessera",
    description: "The invite-only regional tourism pilot: find, ask, book and check in.",
    start_url: "/home",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#ffffff",
    theme_color: "#0f766e",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [
      { name: "Explore", url: "/explore", icons: [{ src: "/icon-192.png", sizes: "192x192" }] },
      { name: "My orders", url: "/orders", icons: [{ src: "/icon-192.png", sizes: "192x192" }] },
      { name: "Host dashboard", url: "/host", icons: [{ src: "/icon-192.png", sizes: "192x192" }] },
    ],
  };
}
