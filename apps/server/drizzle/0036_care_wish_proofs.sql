-- 微心愿 (issue 14, item 7): a resident claims a published wish on /h5 as its donor, and follows her claims there. The
-- portal role reads her claims through care_wishes_portal (claimed and fulfilled wishes are public already); her
-- claim is written by the platform in her name. A wish's proofs of fulfilment are platform files (stored_files, owner
-- `care_wish`): jinguo_app reads them within its subtree, and the portal role has no grant on stored_files at all.
ALTER TABLE "care_wishes" ADD COLUMN "donor_resident_id" bigint;--> statement-breakpoint
CREATE INDEX "care_wishes_donor_resident_idx" ON "care_wishes" USING btree ("donor_resident_id") WHERE donor_resident_id is not null;
