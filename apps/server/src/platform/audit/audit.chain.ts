// The audit chain's arithmetic, pure (no database, no files): how an event is hashed, how a checkpoint is signed and
// read back. Decision 0014 explains the scheme.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The prev_hash of the first event of a trail. */
export const GENESIS = '0'.repeat(64);

/** JSON with sorted keys, so a row read back from jsonb hashes the same as when it was written. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every column of an audit event, as stored (`at` in whatever text form the driver returns). */
export interface ChainedEvent {
  id: number;
  /** Gapless position in the keyed chain (1, 2, 3 …); null on events written before the chain was keyed. */
  seq: number | null;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  result: string;
  targetType: string | null;
  targetId: string | null;
  orgId: number | null;
  orgPath: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

const iso = (at: string) => new Date(at).toISOString();

/**
 * The rule of the trail before migration 0039: SHA-256 of the previous hash and some of the columns, no secret.
 * Anyone with write access can compute it, so it proves nothing on its own; it is kept to check the events written
 * before the chain was keyed (their content is pinned by the seal event that follows them).
 */
export function legacyHash(prevHash: string, e: Omit<ChainedEvent, 'id' | 'seq' | 'prevHash' | 'hash'>): string {
  const body = canonicalJson({
    at: iso(e.at),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    result: e.result,
    targetType: e.targetType,
    targetId: e.targetId,
    orgId: e.orgId,
    before: e.before,
    after: e.after,
    reason: e.reason,
    ip: e.ip,
    requestId: e.requestId,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Domain labels: an event's MAC can never be replayed as a checkpoint's, nor the other way round. */
const EVENT_LABEL = 'jinguo.audit.event.v2\n';
const CHECKPOINT_LABEL = 'jinguo.audit.checkpoint.v1\n';

/**
 * The keyed rule (from migration 0039 on): HMAC-SHA-256 under the audit key over every column of the event —
 * its id and sequence number, the previous event's hash, org path and user agent included. Without the key no one
 * can write an event, or change one, that verifies.
 */
export function keyedHash(key: Buffer, e: Omit<ChainedEvent, 'hash'>): string {
  return createHmac('sha256', key)
    .update(EVENT_LABEL)
    .update(canonicalJson(columnsOf(e)))
    .digest('hex');
}

/** Every column of an event, hashed: the seal event's digest of the events written before the chain was keyed. */
export function fullRowDigest(digest: ReturnType<typeof createHash>, e: ChainedEvent): void {
  const { hash, ...rest } = e;
  digest.update(canonicalJson({ ...columnsOf(rest), hash })).update('\n');
}

function columnsOf(e: Omit<ChainedEvent, 'hash'>) {
  return {
    id: e.id,
    seq: e.seq,
    at: iso(e.at),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    result: e.result,
    targetType: e.targetType,
    targetId: e.targetId,
    orgId: e.orgId,
    orgPath: e.orgPath,
    before: e.before,
    after: e.after,
    reason: e.reason,
    ip: e.ip,
    userAgent: e.userAgent,
    requestId: e.requestId,
    prevHash: e.prevHash,
  };
}

/** A short public name of an audit key (it reveals nothing of the key): tells a wrong key from tampering. */
export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('jinguo.audit.key-id').digest('hex').slice(0, 16);
}

/** The head of the chain at one moment, signed with the audit key and kept outside the database. */
export interface AuditCheckpoint {
  v: 1;
  /** The sequence number, id and hash of the newest event when the checkpoint was taken. */
  seq: number;
  id: number;
  hash: string;
  /** When the checkpoint was taken (ISO). */
  at: string;
  /** auditKeyId of the key that signed it. */
  key: string;
  mac: string;
}

function checkpointMac(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): string {
  const body = canonicalJson({ v: c.v, seq: c.seq, id: c.id, hash: c.hash, at: c.at, key: c.key });
  return createHmac('sha256', key).update(CHECKPOINT_LABEL).update(body).digest('hex');
}

export function signCheckpoint(
  key: Buffer,
  head: { seq: number; id: number; hash: string },
  at: Date,
): AuditCheckpoint {
  const unsigned = {
    v: 1 as const,
    seq: head.seq,
    id: head.id,
    hash: head.hash,
    at: at.toISOString(),
    key: auditKeyId(key),
  };
  return { ...unsigned, mac: checkpointMac(key, unsigned) };
}

export function checkpointSigned(key: Buffer, c: AuditCheckpoint): boolean {
  const expected = Buffer.from(checkpointMac(key, c), 'hex');
  const given = Buffer.from(c.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One checkpoint found in a file, with where it was found (for messages). */
export interface FoundCheckpoint {
  checkpoint: AuditCheckpoint;
  source: string;
  line: number;
}

function asCheckpoint(value: unknown): AuditCheckpoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.auditCheckpoint === 'object') return asCheckpoint(o.auditCheckpoint);
  const ok =
    o.v === 1 &&
    Number.isSafeInteger(o.seq) &&
    Number.isSafeInteger(o.id) &&
    typeof o.hash === 'string' &&
    typeof o.at === 'string' &&
    typeof o.key === 'string' &&
    typeof o.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(o.mac);
  return ok ? (o as unknown as AuditCheckpoint) : null;
}

/**
 * The checkpoints in a text: the checkpoint file (one JSON object a line) or a server log, whose checkpoint lines
 * read `[jinguo] audit checkpoint {…}` (or a JSON log line with an `auditCheckpoint` field). Other lines, and a line
 * cut short by a crash while it was written, are skipped: what counts is whether each checkpoint found is signed.
 */
export function parseCheckpoints(text: string, source: string): FoundCheckpoint[] {
  const found: FoundCheckpoint[] = [];
  text.split('\n').forEach((raw, i) => {
    const start = raw.indexOf('{');
    if (start < 0) return;
    let value: unknown;
    try {
      value = JSON.parse(raw.slice(start));
    } catch {
      return;
    }
    const checkpoint = asCheckpoint(value);
    if (checkpoint) found.push({ checkpoint, source, line: i + 1 });
  });
  return found;
}
