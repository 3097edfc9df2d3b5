import { z } from 'zod';

export const AuditEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  result: z.enum(['success', 'failure']),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  orgId: z.number().int().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
  /** The acting user's display name, when she is a user the reader's scope admits. */
  actorDisplayName: z.string().nullable(),
  /** The target's name where it is not personal data (a user's display name, an org's name), in the reader's scope. */
  targetName: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
export const AuditQuery = z.object({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(64).optional(),
  targetId: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure']).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
/**
 * The outcome of walking the audit chain (decision 0014): every event's keyed hash, its link and sequence number, and
 * the signed checkpoints kept outside the database. `firstBadId` / `firstBadSeq` name where it breaks: for a cut
 * tail the missing events have no id left, and `firstBadSeq` names the first missing one.
 */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadId: z.number().int().nullable(),
  firstBadSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
  /** The newest event checked. */
  head: z.object({ id: z.number().int(), seq: z.number().int().nullable() }).nullable(),
  /** The newest signed checkpoint the trail was held against (none yet on a new trail). */
  checkpoint: z.object({ seq: z.number().int(), id: z.number().int(), at: z.string() }).nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
