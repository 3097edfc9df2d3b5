import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 执委履职清单: one checklist per org and year ("七个一", "1+10+N"); `items` is [{ kind, label, target }] where `kind`
 * is a duty kind some module declares. An org without one follows its nearest ancestor's checklist of the year.
 */
export const dutyChecklists = pgTable(
  'duty_checklists',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    items: jsonb('items').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duty_checklists_org_year_key').on(t.orgId, t.year),
    index('duty_checklists_path_gist').using('gist', t.orgPath),
  ],
);

/** 执委领办项目: a project an executive member leads, with the people it served. */
export const dutyProjects = pgTable(
  'duty_projects',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    districtId: bigint('district_id', { mode: 'number' }),
    leaderUserId: bigint('leader_user_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    peopleServed: integer('people_served').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('duty_projects_path_gist').using('gist', t.orgPath),
    index('duty_projects_leader_idx').on(t.leaderUserId, t.startedOn),
  ],
);
