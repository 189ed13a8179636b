-- Search that forgives (issue 19). Text is matched in a folded form: Greek transliterated to Latin
-- letters, accents removed, lower case, so "Naxos", "Náxos" and "Νάξος" are one word. Words are
-- not stemmed (the 'simple' configuration): English stems would mangle transliterated Greek.
-- Misspellings are corrected word by word against the vocabulary of approved listings
-- (search_words: trigram similarity, and edit distance for letters swapped, which trigrams miss),
-- and the corrected words go through the same GIN index.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS "unaccent";
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS "fuzzystrmatch";
--> statement-breakpoint
-- Immutable (unaccent() alone is only stable: its dictionary could change; this one is fixed), so
-- it may define a stored generated column. Greek: capitals and accented letters to plain small
-- letters, the common digraphs, then letter by letter (ELOT 743, simplified); combining acute and
-- diaeresis dropped. Then unaccent for Latin letters, then lower case.
CREATE OR REPLACE FUNCTION "search_fold"(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary,
    replace(replace(replace(
      translate(
        replace(replace(replace(replace(
          translate($1,
            'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏΪΫάέήίόύώϊϋΐΰς' || chr(769) || chr(776),
            'αβγδεζηθικλμνξοπρστυφχψωαεηιουωιυαεηιουωιυιυσ'),
          'ου', 'ou'), 'αυ', 'av'), 'ευ', 'ev'), 'γγ', 'ng'),
        'αβγδεζηικλμνξοπρστυφω', 'avgdeziiklmnxoprstyfo'),
      'θ', 'th'), 'χ', 'ch'), 'ψ', 'ps')))
$$;
--> statement-breakpoint
DROP INDEX IF EXISTS "listings_search_idx";
--> statement-breakpoint
ALTER TABLE "listings" DROP COLUMN "search";
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple', search_fold(coalesce("title", ''))), 'A') || setweight(to_tsvector('simple', search_fold(coalesce("description", ''))), 'B') || setweight(to_tsvector('simple', search_fold(coalesce("category", ''))), 'C')) STORED;
--> statement-breakpoint
CREATE INDEX "listings_search_idx" ON "listings" USING gin ("search");
--> statement-breakpoint
-- The words of approved listings and in how many each appears: what a misspelling is corrected to
-- ("did you mean" picks the more frequent spelling). Only approved text: a draft's words are
-- never suggested. Kept by statement triggers from the transition tables; a write that changes no
-- approved text (a rating, a cover) changes no row here.
CREATE TABLE "search_words" (
  "word" text PRIMARY KEY,
  "listings" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);
--> statement-breakpoint
INSERT INTO "search_words" ("word", "listings")
  SELECT w, count(*)::int FROM "listings", unnest(tsvector_to_array("search")) AS w
  WHERE "status" = 'APPROVED' AND w ~ '^[a-z]{3,40}$'
  GROUP BY w;
--> statement-breakpoint
-- Rows are changed in word order, so two writers never wait on each other's words in a cycle.
CREATE OR REPLACE FUNCTION "track_search_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_words (word, listings)
      SELECT w, count(*)::int FROM new_rows n, unnest(tsvector_to_array(n.search)) AS w
      WHERE n.status = 'APPROVED' AND w ~ '^[a-z]{3,40}$'
      GROUP BY w ORDER BY w
    ON CONFLICT (word) DO UPDATE SET listings = search_words.listings + excluded.listings;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO search_words (word, listings)
      SELECT w, sum(d)::int FROM (
        SELECT w, 1 AS d FROM new_rows n, unnest(tsvector_to_array(n.search)) AS w WHERE n.status = 'APPROVED'
        UNION ALL
        SELECT w, -1 AS d FROM old_rows o, unnest(tsvector_to_array(o.search)) AS w WHERE o.status = 'APPROVED'
      ) AS changes
      WHERE w ~ '^[a-z]{3,40}$'
      GROUP BY w HAVING sum(d) <> 0 ORDER BY w
    ON CONFLICT (word) DO UPDATE SET listings = search_words.listings + excluded.listings;
  ELSE
    UPDATE search_words SET listings = search_words.listings - gone.n
      FROM (
        SELECT w, count(*)::int AS n FROM old_rows o, unnest(tsvector_to_array(o.search)) AS w
        WHERE o.status = 'APPROVED' AND w ~ '^[a-z]{3,40}$' GROUP BY w ORDER BY w
      ) AS gone
      WHERE search_words.word = gone.w;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "listings_search_words_insert" AFTER INSERT ON "listings"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "track_search_words"();
--> statement-breakpoint
CREATE TRIGGER "listings_search_words_update" AFTER UPDATE ON "listings"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "track_search_words"();
--> statement-breakpoint
CREATE TRIGGER "listings_search_words_delete" AFTER DELETE ON "listings"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "track_search_words"();
--> statement-breakpoint
-- Suggestions match title words only: their own index, so a prefix found in descriptions alone
-- (a place name) is not a scan of every listing for the titles that have none.
CREATE INDEX "listings_title_search_idx" ON "listings" USING gin (to_tsvector('simple', search_fold("title")));
