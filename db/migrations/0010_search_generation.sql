-- The explore search's page cache (server/listings/search-cache.ts) keys its pages by this
-- sequence's value: every statement that changes what a search page shows (a listing, its
-- promotion, its cover photo, its host's name, its district's name) takes the next value, so a read
-- after a committed change never gets a page cached before it. A sequence, not a counter row:
-- nextval takes no row lock, so listing writes do not queue behind each other.
CREATE SEQUENCE IF NOT EXISTS "search_generation";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "bump_search_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('search_generation');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "listings_search_generation" AFTER INSERT OR UPDATE OR DELETE ON "listings"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
--> statement-breakpoint
CREATE TRIGGER "promotions_search_generation" AFTER INSERT OR UPDATE OR DELETE ON "promotions"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
--> statement-breakpoint
CREATE TRIGGER "upload_assets_search_generation" AFTER UPDATE OR DELETE ON "upload_assets"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
--> statement-breakpoint
CREATE TRIGGER "users_search_generation" AFTER UPDATE OF "display_name" ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
--> statement-breakpoint
CREATE TRIGGER "districts_search_generation" AFTER UPDATE OF "name" OR DELETE ON "districts"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_search_generation"();
