// Drizzle applies a migration only when its journal date is later than the last one a database ran:
// two entries with the same date (or out of order) would leave an upgraded database without the
// later one, while a fresh database gets both and every other test passes.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.join(process.cwd(), "db/migrations");
const journal = JSON.parse(fs.readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as {
  entries: { idx: number; when: number; tag: string }[];
};

describe("the migration journal", () => {
  it("numbers its entries in order, each dated strictly after the one before", () => {
    journal.entries.forEach((e, i) => {
      expect(e.idx, e.tag).toBe(i);
      expect(e.tag.startsWith(String(i).padStart(4, "0") + "_"), e.tag).toBe(true);
      if (i > 0)
        expect(e.when, `${e.tag} must be dated after ${journal.entries[i - 1]!.tag}`).toBeGreaterThan(
          journal.entries[i - 1]!.when,
        );
    });
  });

  it("has exactly one SQL file per entry", () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".sql"));
    expect(files.sort()).toEqual(journal.entries.map((e) => `${e.tag}.sql`).sort());
  });
});
