ALTER TABLE "demand_categories" ADD COLUMN "round_the_clock" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "deadlines_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "demands" ADD COLUMN "deadlines_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "office_hours" jsonb;--> statement-breakpoint
CREATE INDEX "demands_provisional_idx" ON "demands" USING btree ("id") WHERE deadlines_provisional and state in ('received','signed','dispatched','accepted','transferred','answered','suggested','reopened');--> statement-breakpoint
-- Deadlines in office hours (issue 15 item 3). The org directory publishes an org's own office hours, so the modules
-- that count hour-based deadlines read them (and those of the orgs above it) without reading organizations.
CREATE OR REPLACE VIEW org_directory WITH (security_invoker = true) AS
SELECT id, code, name, short_name, type, status, parent_id, path, depth, district_id, division_code, host_province,
       host_city, name_pinyin, name_initials, valid_from, valid_to, merged_into_id, created_at, updated_at, office_hours
FROM organizations;
--> statement-breakpoint
-- A demand reopened or reassigned counts its feedback deadline from then: recorded from now on, found in its events
-- for the demands before (a provisional deadline is recomputed from there once the year's holidays are loaded).
UPDATE demands d SET deadlines_from = e.at
FROM (
  SELECT demand_id, max(at) AS at FROM demand_events
  WHERE action = 'reassign' OR to_state = 'reopened'
  GROUP BY demand_id
) e
WHERE e.demand_id = d.id;
