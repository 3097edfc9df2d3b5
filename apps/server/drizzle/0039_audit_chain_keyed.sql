-- The audit chain is keyed from here on (decision 0014): every event carries `seq`, its gapless place in the keyed
-- chain, and a hash that is an HMAC under a key kept outside the database. Events written before this migration keep
-- seq NULL and their unkeyed hashes; the first event the platform writes after it (the seal, `audit.chain_keyed`)
-- records their count, head hash and a digest of all their columns, so they are pinned by the keyed chain too.
-- No row is rewritten.
ALTER TABLE "audit_events" ADD COLUMN "seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_seq_idx" ON "audit_events" USING btree ("seq");
