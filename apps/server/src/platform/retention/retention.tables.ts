import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 保存期限: for each record type a module declares (`retention` in its declaration), the purpose its records serve
 * and how long they are kept after they stop serving it; what happens then (anonymise or delete) is the type's own.
 * Seeded by migration 0046 with the default policy; an admin edits period, purpose and whether it applies.
 */
export const retentionPolicies = pgTable('retention_policies', {
  recordType: text('record_type').primaryKey(),
  purpose: text('purpose').notNull(),
  retentionDays: integer('retention_days').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/**
 * One retention run: a dry run's report (what is due, what is kept and why, per type) or a real run that carried out
 * a confirmed report. Counts and record ids only, never personal data.
 */
export const retentionRuns = pgTable('retention_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  dryRun: boolean('dry_run').notNull(),
  reportId: bigint('report_id', { mode: 'number' }),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  runBy: text('run_by').notNull(),
  items: jsonb('items').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }),
});
