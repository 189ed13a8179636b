// A listing's photos on its page: the interactive gallery when there is a choice (two photos or
// more), else the one photo or the placeholder as plain markup, with no client component.
import { ListingCover } from "@/components/listing/cover";
import { Gallery, type GalleryPhoto } from "./gallery";

export function ListingPhotos({
  title,
  photos,
  coverId,
  seed,
}: {
  title: string;
  photos: GalleryPhoto[];
  coverId: string | null;
  seed: string;
}) {
  if (photos.length > 1) return <Gallery title={title} photos={photos} coverId={coverId} seed={seed} />;
  const photo = photos[0] ?? null;
  return (
    <div className="space-y-3">
      <div className="aspect-[16/10] overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200">
        <ListingCover
          photo={photo}
          sizes="(min-width: 1024px) 44rem, 100vw"
          seed={seed}
          priority
          alt={photo ? `${title}, photo 1 of 1` : title}
        />
      </div>
    </div>
  );
}
