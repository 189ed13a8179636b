-- Verification requests expire at their expiry as a stored state (server/verification/timers.ts),
-- moved by the scheduler with an audit event; reads still treat a PENDING one past its expiry as expired.
ALTER TYPE "public"."verification_request_status" ADD VALUE 'EXPIRED';
