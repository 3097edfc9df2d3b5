-- Coverage (GET /organizations/:id/coverage) counts from the records only what its counters cannot hold: active
-- villages with a founded federation (at the city 155 ms through the path index over all 89,352 orgs, 3.4 ms through
-- this one over the 11,000 active villages) and current terms past due (15.6 ms, 0.8 ms). Issue 16.
CREATE INDEX "org_terms_overdue_idx" ON "org_terms" USING btree ("due_on") WHERE is_current and state in ('elected', 'filed');--> statement-breakpoint
CREATE INDEX "organizations_villages_gist" ON "organizations" USING gist ("path") WHERE type = 'village_federation' and status = 'active';