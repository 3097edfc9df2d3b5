import { z } from 'zod';
import { labels } from './labels.js';

/*
 * Retention (个人信息保护法 §19, §47; decision 0016): for each record type a purpose and a period; a job reports what is
 * past its period (dry run) and, once confirmed, anonymises or deletes it, each record audited.
 */

export const RETENTION_ACTIONS = ['anonymise', 'delete'] as const;
export const RetentionAction = z.enum(RETENTION_ACTIONS);
export type RetentionAction = z.infer<typeof RetentionAction>;
export const RETENTION_ACTION_LABELS = labels<RetentionAction>([
  ['anonymise', '匿名化', 'Anonymise'],
  ['delete', '删除', 'Delete'],
]);

export const RetentionPolicy = z.object({
  recordType: z.string(),
  label: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
  purpose: z.string(),
  retentionDays: z.number().int(),
  action: RetentionAction,
  enabled: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

/** At least 30 days (nothing vanishes by a slip of the keyboard), at most 100 years. */
export const RetentionPolicyInput = z.strictObject({
  purpose: z.string().trim().min(2).max(500),
  retentionDays: z.number().int().min(30).max(36500),
  enabled: z.boolean(),
});
export const RetentionTypeParams = z.object({ recordType: z.string().regex(/^[a-z_.]+$/) });

export const RetentionReportItem = z.object({
  recordType: z.string(),
  action: RetentionAction,
  retentionDays: z.number().int(),
  cutoff: z.string(),
  due: z.number().int(),
  kept: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  /** The ids that would be (dry run) or were acted on. */
  ids: z.array(z.number().int()),
});
export const RetentionRun = z.object({
  id: z.number().int(),
  dryRun: z.boolean(),
  /** For a real run: the dry-run report it carried out. */
  reportId: z.number().int().nullable(),
  startedAt: z.string(),
  runBy: z.string(),
  items: z.array(RetentionReportItem),
  appliedAt: z.string().nullable(),
});
export type RetentionRun = z.infer<typeof RetentionRun>;
export const RetentionRunParams = z.object({ runId: z.coerce.number().int().positive() });
