-- Timed transitions (server/scheduler): a request nobody answered gets its own state.
ALTER TYPE "public"."order_status" ADD VALUE 'EXPIRED';
