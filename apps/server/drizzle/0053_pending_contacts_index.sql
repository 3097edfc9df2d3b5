-- The case workers' and supervisors' list of first contacts still to make (high risk, not contacted), by deadline.
-- case_details_contact_due_idx holds every uncontacted, unescalated case (176,332 at scale 1): the list was a
-- parallel scan of case_details, 62 ms quiet and p50 50 ms in the soak (issue 16). This one holds only the rows
-- the list shows.
CREATE INDEX "case_details_pending_contact_idx" ON "case_details" USING btree ("contact_due_at","case_id") WHERE risk_level = 'high' and contacted_at is null and contact_due_at is not null;