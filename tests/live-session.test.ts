// A live stream lasts minutes: it asks again whether its session holds, and ends when it does not
// (a ban, a suspension, a password change or "sign out everywhere"), instead of carrying a revoked
// person's news until the stream's maximum duration.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextInner, loadSubject } from "@/server/context";
import { liveEventsFor } from "@/server/live";
import { PAROS, seededWorld, type TestWorld } from "./helpers";

let world: TestWorld;
beforeAll(async () => {
  world = await seededWorld();
});
afterAll(async () => {
  await world?.close();
});

/** What the stream does within `ms`: ends, yields, or nothing. */
function within<T>(it: AsyncIterator<T>, ms: number): Promise<"ended" | "event" | "nothing"> {
  return Promise.race([
    it.next().then((r) => (r.done ? "ended" : "event")),
    new Promise<"nothing">((r) => setTimeout(() => r("nothing"), ms)),
  ]);
}

describe("a live stream whose session no longer holds", () => {
  it("ends within the recheck period after a ban; a stream whose session holds stays open", async () => {
    const banned = await world.addUser({ role: "TRAVELER", district: PAROS });
    const other = await world.addUser({ role: "TRAVELER", district: PAROS });
    const still = (u: { id: string; sessionVersion: number }) => async () =>
      (await loadSubject(world.db, { userId: u.id, sessionVersion: u.sessionVersion })).user !== null;
    const abort = new AbortController();
    const stream = liveEventsFor(world.db, banned.id, null, abort.signal, { stillSignedIn: still(banned), recheckMs: 200 });
    const kept = liveEventsFor(world.db, other.id, null, abort.signal, { stillSignedIn: still(other), recheckMs: 200 });

    // Before: both stay open through several checks.
    const first = within(stream, 700);
    const keptFirst = within(kept, 700);
    expect(await first).toBe("nothing");
    expect(await keptFirst).toBe("nothing");

    await (await world.as(world.demo.ADMIN)).people.ban({ userId: banned.id, reason: "Stream test: abusive messages." });
    // The pending read from before resolves with the end of the stream at the next check.
    const after = await Promise.race([
      stream.next().then((r) => (r.done ? "ended" : "event")),
      new Promise((r) => setTimeout(() => r("still open"), 2000)),
    ]);
    expect(after).toBe("ended");
    expect(await within(kept, 700)).toBe("nothing");
    abort.abort();
    await kept.return(undefined);
  });

  it("the procedures' streams ask the request's own session: true while it holds, false once suspended", async () => {
    const person = await world.addUser({ role: "HOST", district: PAROS });
    const ctx = await createContextInner({
      db: world.db,
      session: { userId: person.id, sessionVersion: person.sessionVersion },
      request: { ip: "127.0.0.1", userAgent: "vitest", requestId: crypto.randomUUID() },
    });
    expect(await ctx.stillSignedIn()).toBe(true);
    await (await world.as(world.demo.ADMIN)).people.suspend({ userId: person.id, reason: "Stream test: suspended." });
    expect(await ctx.stillSignedIn()).toBe(false);
    const anonymous = await createContextInner({
      db: world.db,
      session: null,
      request: { ip: "127.0.0.1", userAgent: "vitest", requestId: crypto.randomUUID() },
    });
    expect(await anonymous.stillSignedIn()).toBe(false);
  });
});
