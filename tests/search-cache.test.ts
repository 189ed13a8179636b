// The explore page cache: popular searches are ranked once, and no search made after a committed
// change is answered from before it (a new approval, a host's new name, a withdrawn listing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { listings } from "@/db/schema/listings";
import { searchCacheStats } from "@/server/listings/search-cache";
import { approvedListing, seededWorld, type TestWorld } from "./helpers";

let world: TestWorld;
beforeAll(async () => {
  world = await seededWorld();
});
afterAll(async () => {
  await world?.close();
});

const search = async (q: string) => {
  const anonymous = await world.anonymous();
  return anonymous.listings.explore({ q, districtId: "all", sort: "relevance", limit: 12 });
};

describe("explore page cache", () => {
  it("answers a repeated search from the cache, the same page", async () => {
    await approvedListing(world, world.demo.HOST, { title: "Zephyrine lantern walk" });
    const first = await search("zephyrine");
    const before = { ...searchCacheStats };
    const second = await search("zephyrine");
    expect(second).toEqual(first);
    expect(searchCacheStats.hits - before.hits).toBe(1);
    expect(searchCacheStats.misses - before.misses).toBe(0);
    // Other spellings of the same words share the page.
    await search("  zephyrine ");
    expect(searchCacheStats.hits - before.hits).toBe(2);
  });

  it("a listing approved after a search appears in the next one", async () => {
    const before = await search("quillwort");
    expect(before.items).toHaveLength(0);
    const id = await approvedListing(world, world.demo.HOST, { title: "Quillwort meadow picnic" });
    const after = await search("quillwort");
    expect(after.items.map((i) => i.id)).toEqual([id]);
  });

  it("a host's new name and a withdrawn listing show at once", async () => {
    const id = await approvedListing(world, world.demo.HOST, { title: "Brackenridge tide pools" });
    expect((await search("brackenridge")).items[0]?.hostName).not.toBe("Renamed Host");
    const host = await world.as(world.demo.HOST);
    await host.account.rename({ displayName: "Renamed Host" });
    expect((await search("brackenridge")).items[0]?.hostName).toBe("Renamed Host");

    await world.db.update(listings).set({ status: "ARCHIVED" }).where(eq(listings.id, id));
    expect((await search("brackenridge")).items).toHaveLength(0);
  });
});
