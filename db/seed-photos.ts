// Demo photos: two or three illustrations per demo listing, drawn at seed time (SVG rendered by
// sharp: gradients and simple shapes in the spirit of the listing's category, nothing downloaded),
// stored through the LOCAL upload path (inspected, re-encoded, registered in upload_assets with its
// audit event) and attached as the listing's media with the first as cover. Only listings without
// photos get them, so a second seed run adds nothing; with Cloudinary configured nothing is drawn.
import { eq } from "drizzle-orm";
import sharp from "sharp";
import type { Database } from "./client";
import { listingMedia, listings, users } from "./schema";
import { appendAuditEvents } from "@/server/audit";
import type { AuditEntry } from "@/server/audit/log";
import type { Subject } from "@/server/policy/subject";
import { readLocalVariant, storeLocalUpload } from "@/server/uploads/local";
import { uploadAssets } from "./schema/uploads";
import { PHOTO_VARIANTS, type PhotoVariant } from "@/shared/upload-limits";
import { uploadProvider } from "@/server/uploads/provider";

const W = 1200;
const H = 800;

type Palette = { sky: [string, string]; sea: string; land: string; accent: string; sun: string };

const PALETTES: Palette[] = [
  { sky: ["#fde68a", "#f97316"], sea: "#1e3a8a", land: "#7c2d12", accent: "#fff7ed", sun: "#fef3c7" },
  { sky: ["#bae6fd", "#0ea5e9"], sea: "#0369a1", land: "#a16207", accent: "#f8fafc", sun: "#fefce8" },
  { sky: ["#f5d0fe", "#7c3aed"], sea: "#312e81", land: "#3f3f46", accent: "#faf5ff", sun: "#fde68a" },
];

function frame(p: Palette, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${p.sky[1]}"/><stop offset="1" stop-color="${p.sky[0]}"/></linearGradient>
    <radialGradient id="glow" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="${p.sun}" stop-opacity="0.9"/><stop offset="1" stop-color="${p.sun}" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>
  ${body}
</svg>`;
}

function waves(p: Palette, top: number): string {
  let s = `<rect y="${top}" width="${W}" height="${H - top}" fill="${p.sea}"/>`;
  for (let i = 0; i < 6; i++) {
    const y = top + 30 + i * 45;
    s += `<path d="M0 ${y} Q 150 ${y - 12} 300 ${y} T 600 ${y} T 900 ${y} T 1200 ${y}" stroke="${p.accent}" stroke-opacity="${0.25 - i * 0.03}" stroke-width="4" fill="none"/>`;
  }
  return s;
}

/** A sunset over the sea with a marble gate on its islet. */
function tours(p: Palette, v: number): string {
  const sunX = 300 + v * 300;
  return frame(
    p,
    `<circle cx="${sunX}" cy="430" r="260" fill="url(#glow)"/>
    <circle cx="${sunX}" cy="430" r="90" fill="${p.sun}"/>
    ${waves(p, 480)}
    <path d="M620 480 Q 760 400 960 420 Q 1080 430 1140 480 Z" fill="${p.land}"/>
    <g fill="${p.accent}"><rect x="800" y="250" width="36" height="180"/><rect x="940" y="250" width="36" height="180"/><rect x="780" y="222" width="216" height="40"/></g>
    <path d="M0 800 L0 640 Q 200 600 420 660 L 520 800 Z" fill="${p.land}" opacity="0.85"/>`,
  );
}

/** Copper stills, bottles and slices of citron on a warm table. */
function foodDrink(p: Palette, v: number): string {
  let bottles = "";
  for (let i = 0; i < 3; i++) {
    const x = 380 + i * 170 + v * 20;
    const hue = ["#84cc16", "#facc15", "#f8fafc"][(i + v) % 3];
    bottles += `<rect x="${x}" y="300" width="90" height="260" rx="26" fill="${hue}" opacity="0.9"/><rect x="${x + 30}" y="220" width="30" height="100" rx="8" fill="${hue}"/><rect x="${x + 8}" y="400" width="74" height="70" fill="${p.accent}" opacity="0.8"/>`;
  }
  let slices = "";
  for (let i = 0; i < 4; i++) {
    const cx = 180 + i * 260 + v * 40;
    slices += `<circle cx="${cx}" cy="690" r="62" fill="#facc15"/><circle cx="${cx}" cy="690" r="50" fill="#fef08a"/>`;
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4;
      slices += `<line x1="${cx}" y1="690" x2="${(cx + 48 * Math.cos(a)).toFixed(1)}" y2="${(690 + 48 * Math.sin(a)).toFixed(1)}" stroke="#eab308" stroke-width="4"/>`;
    }
  }
  return frame(
    { ...p, sky: ["#fed7aa", "#9a3412"] },
    `<circle cx="200" cy="220" r="130" fill="#b45309" opacity="0.8"/><rect x="180" y="80" width="40" height="120" fill="#92400e"/>
    <circle cx="1000" cy="240" r="110" fill="#c2410c" opacity="0.7"/><rect x="985" y="110" width="30" height="120" fill="#92400e"/>
    <rect y="560" width="${W}" height="240" fill="#78350f"/>
    ${bottles}${slices}`,
  );
}

/** Cups and a vase glazed in the island's blue, on a potter's wheel. */
function crafts(p: Palette, v: number): string {
  const blue = ["#1d4ed8", "#0e7490", "#1e40af"][v % 3];
  return frame(
    { ...p, sky: ["#f5f5f4", "#d6d3d1"] },
    `<rect y="520" width="${W}" height="280" fill="#a8a29e"/>
    <ellipse cx="600" cy="600" rx="360" ry="70" fill="#57534e"/><ellipse cx="600" cy="585" rx="330" ry="60" fill="#78716c"/>
    <path d="M520 580 Q 470 420 540 330 L 560 250 L 640 250 L 660 330 Q 730 420 680 580 Z" fill="${blue}"/>
    <path d="M540 330 Q 600 350 660 330" stroke="${p.accent}" stroke-width="10" fill="none" opacity="0.8"/>
    <path d="M530 450 Q 600 480 670 450" stroke="${p.accent}" stroke-width="8" fill="none" opacity="0.6"/>
    <g transform="translate(${160 + v * 30} 430)"><path d="M0 0 L 150 0 L 130 150 L 20 150 Z" fill="${blue}"/><path d="M150 30 Q 205 60 140 110" stroke="${blue}" stroke-width="16" fill="none"/></g>
    <g transform="translate(${880 - v * 30} 450)"><path d="M0 0 L 130 0 L 115 130 L 15 130 Z" fill="#f8fafc"/><rect x="0" y="20" width="130" height="22" fill="${blue}"/></g>`,
  );
}

/** A mountain village: white houses stepping up a slope, a stone tower, marble paving. */
function culture(p: Palette, v: number): string {
  let houses = "";
  for (let i = 0; i < 9; i++) {
    const x = 120 + i * 110;
    const y = 470 - Math.abs(4 - i) * -18 - (i % 3) * 30 - v * 10;
    houses += `<rect x="${x}" y="${y}" width="100" height="${560 - y}" fill="#f8fafc"/><rect x="${x + 38}" y="${y + 40}" width="24" height="34" fill="${i % 2 ? "#1d4ed8" : "#0f766e"}"/>`;
  }
  return frame(
    p,
    `<circle cx="${900 - v * 250}" cy="170" r="70" fill="${p.sun}"/>
    <path d="M0 470 L 260 230 L 480 380 L 720 180 L 1000 400 L 1200 300 L 1200 800 L 0 800 Z" fill="#57534e" opacity="0.85"/>
    <path d="M0 560 L 1200 560 L 1200 800 L 0 800 Z" fill="#e7e5e4"/>
    ${houses}
    <rect x="1030" y="300" width="90" height="260" fill="#a8a29e"/><path d="M1030 300 l 15 -25 h 15 l 15 25 h 15 l 15 -25 h 15 v 25 Z" fill="#78716c"/>
    <g stroke="#d6d3d1" stroke-width="3">${Array.from({ length: 8 }, (_, i) => `<line x1="${i * 160}" y1="560" x2="${i * 160 - 120}" y2="800"/>`).join("")}</g>`,
  );
}

const DRAW: Record<string, (p: Palette, v: number) => string> = {
  tours,
  "food-drink": foodDrink,
  crafts,
  culture,
};

/** The photos of one listing, as JPEG files (two or three, by the title's length). */
export async function drawListingPhotos(category: string, title: string): Promise<Buffer[]> {
  const draw = DRAW[category] ?? culture;
  const count = title.length % 2 === 0 ? 3 : 2;
  return Promise.all(
    Array.from({ length: count }, (_, v) =>
      sharp(Buffer.from(draw(PALETTES[v % PALETTES.length]!, v)))
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer(),
    ),
  );
}

/** Idempotent: photos only for the demo host's listings that have none. Returns how many were stored. */
export async function seedListingPhotos(db: Database, hostEmail: string): Promise<number> {
  if (uploadProvider() !== "LOCAL") return 0;
  const [host] = await db.select().from(users).where(eq(users.email, hostEmail));
  if (!host) return 0;
  const subject: Subject = {
    id: host.id,
    role: host.role,
    displayName: host.displayName,
    districtId: host.districtId,
    regionId: null,
    kycStatus: host.kycStatus,
    status: host.status,
    sessionVersion: host.sessionVersion,
  };
  const own = await db
    .select({ id: listings.id, title: listings.title, category: listings.category, cover: listings.coverAssetId })
    .from(listings)
    .where(eq(listings.hostId, host.id));
  let stored = 0;
  for (const listing of own) {
    const existing = await db.select().from(listingMedia).where(eq(listingMedia.listingId, listing.id)).limit(1);
    if (existing.length > 0 || listing.cover) continue;
    const photos = await drawListingPhotos(listing.category ?? "", listing.title);
    // The files are written first (as an upload is); the rows and their audit events commit together.
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      const entries: AuditEntry[] = [];
      const deps = { db: tx, user: subject, audit: (e: AuditEntry) => void entries.push(e) };
      for (const [position, bytes] of photos.entries()) {
        const file = new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });
        const asset = await storeLocalUpload(deps, { file, purpose: "LISTING_MEDIA" });
        await tx.insert(listingMedia).values({ listingId: listing.id, assetId: asset.assetId, position });
        if (position === 0) await tx.update(listings).set({ coverAssetId: asset.assetId }).where(eq(listings.id, listing.id));
        entries.push({
          action: "LISTING_PHOTO_ADDED",
          targetType: "listing",
          targetId: listing.id,
          changes: { assetId: asset.assetId },
        });
        stored += 1;
      }
      await appendAuditEvents(
        tx,
        { actorType: "SYSTEM", actorId: null, actorRole: null, ip: null, userAgent: "db:seed", requestId: null },
        entries,
        { inTransaction: true },
      );
    });
  }
  // The card and large variants are made now rather than on the first visit, so the first look at
  // explore does not wait for them (the same function that serves them makes them).
  const assets = await db
    .select({ publicId: uploadAssets.publicId })
    .from(listingMedia)
    .innerJoin(uploadAssets, eq(uploadAssets.id, listingMedia.assetId))
    .innerJoin(listings, eq(listings.id, listingMedia.listingId))
    .where(eq(listings.hostId, host.id));
  if (stored > 0)
    for (const { publicId } of assets)
      for (const variant of Object.keys(PHOTO_VARIANTS) as PhotoVariant[]) await readLocalVariant(publicId, variant);
  return stored;
}
