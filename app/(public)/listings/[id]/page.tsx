import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Badge, Card } from "@/components/ui";
import { ListingQr } from "@/components/listing/qr";
import { categoryLabel, formatPrice, KIND_LABELS, ratingText } from "@/components/listing/format";
import { ROLE_HOME } from "@/server/policy/roles";
import { currentUser } from "@/server/rsc";
import { ListingPhotos } from "./photos";
import { listingUrl, loadListing } from "./load";
import { api } from "@/server/rsc";
import { EmergencyBanner } from "@/components/emergency-banner";
import { ListingOrderPanel, ReportButton, ReportLink } from "./signed-in";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { listing } = await loadListing(id);
  return { title: listing.title, description: listing.description.slice(0, 160) };
}

const STATUS_NOTE: Record<string, string> = {
  DRAFT: "This listing is a draft: only you and moderators can see it.",
  PENDING_REVIEW: "This listing is waiting for a moderator: travelers cannot see it yet.",
  REJECTED: "This listing was not approved: travelers cannot see it.",
  ARCHIVED: "This listing is archived: travelers cannot see it.",
};

const BACK_LABEL: Partial<Record<string, string>> = {
  TRAVELER: "Back to explore",
  HOST: "Back to your dashboard",
  MODERATOR: "Back to the queue",
};

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });

export default async function ListingPage({ params }: Props) {
  const { id } = await params;
  const [{ listing, sensitive, sensitiveHiddenReason, moderationNote }, { user }] = await Promise.all([
    loadListing(id),
    currentUser(),
  ]);
  const reviews = listing.status === "APPROVED" ? await (await api()).reviews.forListing({ listingId: listing.id }) : [];
  const price = formatPrice(listing.priceMinor, listing.currency);
  const isHost = user?.id === listing.hostId;
  const url = listingUrl(listing.id);
  const back = user ? { href: ROLE_HOME[user.role], label: BACK_LABEL[user.role] ?? "Back to your home" } : null;

  return (
    <div className="space-y-6">
      <EmergencyBanner districtId={listing.districtId} userId={user?.id ?? null} />
      {back && (
        <nav aria-label="Breadcrumb">
          <Link href={back.href} className="text-sm font-medium text-teal-700 hover:underline">
            <span aria-hidden="true">← </span>
            {back.label}
          </Link>
        </nav>
      )}

      {listing.status !== "APPROVED" && (
        <Alert tone="warn" title={`Status: ${listing.status.replace("_", " ").toLowerCase()}`}>
          {STATUS_NOTE[listing.status]}
        </Alert>
      )}
      {isHost && moderationNote && (
        <Alert tone="info" title="Note from the moderators">
          <p className="whitespace-pre-line">{moderationNote}</p>
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-8 lg:grid-cols-3">
        {/* min-w-0: a long unbroken word (an address, a made-up title) wraps instead of widening the page. */}
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <ListingPhotos
            title={listing.title}
            seed={listing.id}
            coverId={listing.cover?.assetId ?? null}
            photos={listing.media.map((m) => ({ assetId: m.assetId, url: m.url, cardUrl: m.cardUrl, largeUrl: m.largeUrl }))}
          />

          <header className="space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="info">{KIND_LABELS[listing.kind]}</Badge>
              <Badge>{categoryLabel(listing.category)}</Badge>
              {listing.promotion && <Badge tone="warn">Promoted</Badge>}
            </div>
            <h1 className="text-3xl font-semibold tracking-tight text-slate-900 [overflow-wrap:anywhere]">{listing.title}</h1>
            <p className="text-sm text-slate-600">
              {listing.districtName}, {listing.regionName} · hosted by{" "}
              <span className="font-medium text-slate-800">{listing.hostName}</span>
            </p>
            <p className="text-sm text-slate-500" data-testid="listing-rating">
              {listing.ratingCount > 0 && (
                <span aria-hidden="true" className="text-amber-500">
                  ★{" "}
                </span>
              )}
              {ratingText(listing.ratingAverage, listing.ratingCount)}
            </p>
          </header>

          <section aria-labelledby="about-heading">
            <h2 id="about-heading" className="mb-2 text-lg font-semibold text-slate-900">
              About
            </h2>
            <div className="whitespace-pre-line leading-relaxed text-slate-700">{listing.description}</div>
          </section>

          <section aria-labelledby="reviews-heading" className="rounded-lg border border-dashed border-slate-300 p-5">
            <h2 id="reviews-heading" className="text-lg font-semibold text-slate-900">
              Reviews
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              {listing.ratingCount > 0
                ? ratingText(listing.ratingAverage, listing.ratingCount)
                : "No reviews yet. Travelers review a listing after an order with its host is completed."}
            </p>
            {reviews.length > 0 && (
              <ul className="mt-4 space-y-4" data-testid="listing-reviews">
                {reviews.map((r) => (
                  <li key={r.id} className="border-t border-slate-200 pt-3">
                    <p className="text-sm">
                      <span className="text-amber-500" aria-label={`${r.rating} out of 5 stars`}>
                        {"★".repeat(r.rating)}
                        <span className="text-slate-300">{"★".repeat(5 - r.rating)}</span>
                      </span>{" "}
                      <span className="font-medium text-slate-800">{r.travelerName}</span>{" "}
                      <span className="text-slate-500">· {dateFormat.format(r.createdAt)}</span>
                    </p>
                    <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{r.body}</p>
                    {user && (
                      <ReportLink
                        targetType="REVIEW"
                        targetId={r.id}
                        label="Report this review"
                        question="What is wrong with this review? (5 characters or more)"
                      />
                    )}
                    {r.reply && (
                      <div className="mt-2 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
                        <p className="text-xs font-medium text-slate-500">Reply from {listing.hostName}</p>
                        <p className="whitespace-pre-line text-slate-700">{r.reply}</p>
                        {user && !isHost && (
                          <ReportLink
                            targetType="REVIEW_REPLY"
                            targetId={r.id}
                            label="Report this reply"
                            question="What is wrong with this reply? (5 characters or more)"
                          />
                        )}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="min-w-0 space-y-5 [overflow-wrap:anywhere]" aria-label="Booking details">
          <Card>
            <p className="text-sm text-slate-500">Price</p>
            <p className="text-2xl font-semibold text-slate-900">
              {price ?? (listing.kind === "HOTSPOT" ? "No entry price listed" : "On request")}
            </p>
            {!price && listing.kind === "SERVICE" && <p className="mt-1 text-xs text-slate-500">Ask the host what it costs.</p>}
            {listing.promotion && (
              <div className="mt-4 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200" data-testid="listing-promotion">
                <div className="flex items-center justify-between gap-2">
                  <p className="text-xs font-semibold uppercase tracking-wide text-amber-800">Promoted offer</p>
                  {listing.promotion.discountPercent ? (
                    <span className="rounded-full bg-amber-400 px-2 py-0.5 text-xs font-bold text-amber-950">
                      −{listing.promotion.discountPercent}%
                    </span>
                  ) : null}
                </div>
                <p className="mt-1 font-medium text-amber-950">{listing.promotion.title}</p>
                <p className="text-xs text-amber-800">Until {dateFormat.format(listing.promotion.endsAt)}</p>
              </div>
            )}
          </Card>

          <Card title="Contact and meeting point">
            {sensitive ? (
              <dl className="space-y-3 text-sm" data-testid="sensitive-details">
                <div>
                  <dt className="font-medium text-slate-500">Contact</dt>
                  <dd className="whitespace-pre-line text-slate-900">{sensitive.contact ?? "Not given by the host."}</dd>
                </div>
                <div>
                  <dt className="font-medium text-slate-500">Meeting point</dt>
                  <dd className="whitespace-pre-line text-slate-900">{sensitive.meetingPoint ?? "Not given by the host."}</dd>
                </div>
              </dl>
            ) : (
              <div
                className="rounded-md bg-slate-50 p-3 text-sm text-slate-600 ring-1 ring-slate-200"
                data-testid="sensitive-hidden"
              >
                <p className="flex gap-2">
                  <svg
                    aria-hidden="true"
                    viewBox="0 0 20 20"
                    fill="currentColor"
                    className="mt-0.5 h-4 w-4 shrink-0 text-slate-600"
                  >
                    <path
                      fillRule="evenodd"
                      d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
                      clipRule="evenodd"
                    />
                  </svg>
                  <span>{sensitiveHiddenReason ?? "Contact details are not shown to you."}</span>
                </p>
                {!user && (
                  <p className="mt-2">
                    <Link
                      href={`/login?callbackUrl=${encodeURIComponent(`/listings/${listing.id}`)}`}
                      className="font-medium text-teal-700 hover:underline"
                    >
                      Sign in
                    </Link>{" "}
                    if you have an account.
                  </p>
                )}
                {user && (user.role === "TRAVELER" || user.role === "HOST") && user.kycStatus !== "VERIFIED" && (
                  <p className="mt-2">
                    <Link
                      href={user.role === "HOST" ? "/host/identity" : "/identity"}
                      className="font-medium text-teal-700 hover:underline"
                    >
                      {user.kycStatus === "PENDING"
                        ? "Your identity is being verified: see where it stands →"
                        : "Verify your identity to see contact details →"}
                    </Link>
                  </p>
                )}
              </div>
            )}
          </Card>

          {listing.status !== "APPROVED" ? (
            <Card title="QR code and poster">
              <p className="text-sm text-slate-600">
                Ready once the listing is approved: the code must open for anyone who scans it.
              </p>
            </Card>
          ) : (
            <Card title="Open on your phone">
              <div className="flex flex-col items-center gap-3 text-center">
                <div className="rounded-md bg-white p-2 ring-1 ring-slate-200">
                  <ListingQr url={url} size={168} title={`QR code for ${listing.title}`} />
                </div>
                <p className="text-xs text-slate-500">Scan to open this page on your phone.</p>
                <Link href={`/listings/${listing.id}/poster`} className="text-sm font-medium text-teal-700 hover:underline">
                  Printable poster
                </Link>
              </div>
            </Card>
          )}

          {(user?.role === "TRAVELER" || (user?.role === "HOST" && !isHost)) && listing.status === "APPROVED" && (
            <ListingOrderPanel
              listingId={listing.id}
              hostName={listing.hostName}
              ordersBase={user.role === "HOST" ? "/host/orders" : "/orders"}
            />
          )}
          {!user && listing.status === "APPROVED" && (
            <Card title="Ask the host">
              <p className="text-sm text-slate-600">
                <Link
                  href={`/login?callbackUrl=${encodeURIComponent(`/listings/${listing.id}`)}`}
                  className="font-medium text-teal-700 hover:underline"
                >
                  Sign in
                </Link>{" "}
                as a traveler to ask {listing.hostName} a question or request this.
              </p>
            </Card>
          )}
          {user && !isHost && (
            <div className="flex flex-col items-start gap-1">
              <ReportButton listingId={listing.id} title={listing.title} />
            </div>
          )}
          {!user && (
            <p className="text-xs text-slate-500">
              Something wrong with this listing?{" "}
              <Link href="/login" className="font-medium text-teal-700 hover:underline">
                Sign in
              </Link>{" "}
              to report it.
            </p>
          )}
          {listing.approvedAt && <p className="text-xs text-slate-600">Listed since {dateFormat.format(listing.approvedAt)}</p>}
        </aside>
      </div>
    </div>
  );
}
