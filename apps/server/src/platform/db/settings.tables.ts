import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Platform-level key/value facts (e.g. which demo data set was loaded). */
export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
