import { createHash } from 'node:crypto';
import type { AuditEvent, AuditQuery, AuditVerification, Page } from '@jinguo/contracts';
import type { Database, DbHandle, Queryable } from '../db/client.js';
import { beforeCommit } from '../db/commit-hooks.js';
import { deriveAuditKey } from '../crypto.js';
import { actorId, actorName, type Actor } from '../scope.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import {
  auditKeyId,
  checkpointSigned,
  fullRowDigest,
  GENESIS,
  keyedHash,
  legacyHash,
  signCheckpoint,
  type AuditCheckpoint,
  type ChainedEvent,
  type FoundCheckpoint,
} from './audit.chain.js';
import { appendCheckpoint, checkpointFileOf, lastCheckpointIn, readCheckpointFile } from './audit.checkpoints.js';
import {
  findKeyedHead,
  findNewestKeyedEvent,
  hasKeyedChainColumn,
  hasUnsealedTrail,
  insertAuditEvents,
  listAuditEventsAfter,
  lockAuditChain,
  readAuditHead,
  searchAuditEvents,
  type AuditHead,
} from './audit.repository.js';

export { canonicalJson } from './audit.chain.js';

export interface AuditEntry {
  action: string;
  result?: 'success' | 'failure';
  targetType?: string;
  targetId?: string | number;
  orgId?: number | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string;
  /** For events without a signed-in actor (a failed login names the username tried). */
  actorNameOverride?: string;
}

/** The action of the event that starts the keyed chain on a trail written before it (decision 0014). */
export const SEAL_ACTION = 'audit.chain_keyed';

/**
 * The audit key of this process (derived from the data key, outside the database). One process serves one data
 * dir, so one key; a stack only so that a CLI command run in-process by a test, on another data dir, puts the
 * previous key back when it ends.
 */
const installedKeys: Buffer[] = [];

export function installAuditKey(key: Buffer): () => void {
  if (key.length !== 32) throw new Error('the audit key must be 32 bytes');
  const entry = Buffer.from(key);
  installedKeys.push(entry);
  return () => {
    const i = installedKeys.lastIndexOf(entry);
    if (i >= 0) installedKeys.splice(i, 1);
  };
}

/**
 * The audit key derived from a data key, installed for a loader or tool that writes events on a bare database handle
 * (the demo loader, the city seed, the bench); returns the function that removes it again.
 */
export function useAuditKeyOf(dataKey: Buffer): () => void {
  return installAuditKey(deriveAuditKey(dataKey));
}

function currentKey(): Buffer {
  const key = installedKeys.at(-1);
  if (!key)
    throw new Error('the audit key is not loaded: events are written only by an opened platform or CLI command');
  return key;
}

/** An org path is the ltree of ids from the root: an event recorded with a path alone belongs to its last org. */
function orgOfPath(path: string | null | undefined): number | null {
  const last = path?.split('.').pop();
  return last ? Number(last) : null;
}

const json = (v: unknown) => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as unknown));

/** An event as its caller described it, fixed when it was appended (before and after are copied then). */
type DescribedEvent = Omit<ChainedEvent, 'id' | 'seq' | 'at' | 'prevHash' | 'hash'>;

function describe(actor: Actor | null, entry: AuditEntry): DescribedEvent {
  return {
    actorId: actor ? actorId(actor) : null,
    actorName: entry.actorNameOverride ?? (actor ? actorName(actor) : null),
    action: entry.action,
    result: entry.result ?? 'success',
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    orgId: entry.orgId ?? orgOfPath(entry.orgPath),
    orgPath: entry.orgPath ?? null,
    before: json(entry.before),
    after: json(entry.after),
    reason: entry.reason ?? null,
    ip: actor?.request.ip ?? null,
    userAgent: actor?.request.userAgent ?? null,
    requestId: actor?.request.requestId ?? null,
  };
}

/** Chains the events after the head (one id each, taken under the chain lock) and inserts them in one statement. */
async function insertKeyed(q: Queryable, key: Buffer, head: AuditHead, events: readonly DescribedEvent[]) {
  const at = new Date().toISOString();
  let prevHash = head.last?.hash ?? GENESIS;
  let seq = head.maxSeq ?? 0;
  const rows = events.map((e, i) => {
    const row: Omit<ChainedEvent, 'hash'> = { id: head.nextIds[i]!, seq: ++seq, at, ...e, prevHash };
    const hash = keyedHash(key, row);
    prevHash = hash;
    return { ...row, hash };
  });
  await insertAuditEvents(q, rows);
}

/**
 * Writes events at the end of the chain: a transaction-scoped advisory lock serialises writers so that each event
 * chains to the one before it and takes the next sequence number; its hash is an HMAC under the audit key over
 * every column.
 */
async function writeChained(q: Queryable, key: Buffer, events: readonly DescribedEvent[]): Promise<void> {
  await lockAuditChain(q);
  let head = await readAuditHead(q, events.length);
  if (head.last !== null && head.maxSeq === null) {
    // A trail written before the chain was keyed, not sealed yet (the platform seals at start): seal it first.
    await insertKeyed(q, key, head, [describe(null, await sealEntry(q, key))]);
    head = await readAuditHead(q, events.length);
  }
  await insertKeyed(q, key, head, events);
}

/** The events a transaction has appended and will write just before it commits. */
const pendingOf = new WeakMap<object, DescribedEvent[]>();

/**
 * Appends one event inside the caller's transaction, so the event and the change it records commit together.
 * In a transaction opened with commit hooks (every scoped, system and portal transaction), the event is written
 * just before the COMMIT, with the transaction's other events in one statement: the chain lock that serialises
 * writers is held for that statement and the commit only (docs/decisions/0021). Elsewhere it is written at once.
 */
export async function appendAudit(q: Queryable, actor: Actor | null, entry: AuditEntry): Promise<void> {
  const key = currentKey();
  const event = describe(actor, entry);
  const pending = pendingOf.get(q);
  if (pending) {
    pending.push(event);
    return;
  }
  const events = [event];
  const deferred = beforeCommit(q, async () => {
    pendingOf.delete(q);
    await writeChained(q, key, events);
  });
  if (deferred) pendingOf.set(q, events);
  else await writeChained(q, key, events);
}

/** Appends one event in a transaction of its own (sign-in attempts, which change nothing else). */
export async function auditNow(db: Database, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, actor, entry));
}

/** What the unkeyed events before the seal were: their count, ends, chain check and a digest of every column. */
interface LegacySummary {
  events: number;
  firstId: number | null;
  lastId: number | null;
  headHash: string;
  digest: string;
  chain: { ok: boolean; firstBadId: number | null; problem: string | null };
}

/** Checks one unkeyed event by the old rule; the problem, or null. */
function legacyProblem(prev: string, r: ChainedEvent): string | null {
  if (r.prevHash !== prev)
    return `broken link: event id ${r.id} does not chain to the event before it (an event was removed or inserted)`;
  if (legacyHash(prev, r) !== r.hash) return `content changed: event id ${r.id} no longer matches its hash`;
  return null;
}

async function summariseLegacy(q: Queryable, batchSize = 5000): Promise<LegacySummary> {
  const digest = createHash('sha256');
  const s: LegacySummary = {
    events: 0,
    firstId: null,
    lastId: null,
    headHash: GENESIS,
    digest: '',
    chain: { ok: true, firstBadId: null, problem: null },
  };
  let afterId = 0;
  for (;;) {
    const rows = (await listAuditEventsAfter(q, afterId, batchSize)) as ChainedEvent[];
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== null) continue;
      const problem = s.chain.ok ? legacyProblem(s.headHash, r) : null;
      if (problem) s.chain = { ok: false, firstBadId: r.id, problem };
      fullRowDigest(digest, r);
      s.events++;
      s.firstId ??= r.id;
      s.lastId = r.id;
      s.headHash = r.hash;
    }
    afterId = rows.at(-1)!.id;
  }
  return { ...s, digest: digest.digest('hex') };
}

/**
 * The seal: the first keyed event of a trail written before migration 0039. It records the earlier events' count,
 * head hash and a digest of all their columns (org path and user agent too), and whether their unkeyed chain held:
 * under the key, it pins them as they were. No earlier event is rewritten.
 */
async function sealEntry(q: Queryable, key: Buffer): Promise<AuditEntry> {
  const legacy = await summariseLegacy(q);
  return {
    action: SEAL_ACTION,
    targetType: 'audit_events',
    actorNameOverride: 'system:audit',
    reason: 'the audit chain is keyed from here on; the events before this one are pinned by it (decision 0014)',
    after: { scheme: 'hmac-sha256', keyId: auditKeyId(key), legacy },
  };
}

/** Seals a trail written before the chain was keyed (once, at the first start after the upgrade); else nothing. */
export async function sealAuditTrail(db: Database): Promise<boolean> {
  if (!(await hasUnsealedTrail(db))) return false;
  const key = currentKey();
  return db.transaction(async (tx) => {
    await lockAuditChain(tx);
    const head = await readAuditHead(tx, 1);
    if (head.last === null || head.maxSeq !== null) return false;
    await insertKeyed(tx, key, head, [describe(null, await sealEntry(tx, key))]);
    return true;
  });
}

/** Whether the database can take keyed events (migration 0039 applied). */
export const keyedChainReady = (db: Queryable) => hasKeyedChainColumn(db);

/**
 * Whether this key wrote the newest keyed event (null on a trail with none): a restored backup of another
 * installation, or a wrong data key, must not have events keyed with the wrong key appended to its trail.
 */
export async function auditKeyFits(db: Queryable, key: Buffer): Promise<boolean | null> {
  const newest = (await findNewestKeyedEvent(db)) as ChainedEvent | undefined;
  return newest ? keyedHash(key, newest) === newest.hash : null;
}

/** Takes a checkpoint of the keyed chain's head: signed, for a file outside the database; null on an empty chain. */
export async function takeCheckpoint(db: Database, key: Buffer, at = new Date()): Promise<AuditCheckpoint | null> {
  const head = await findKeyedHead(db);
  return head ? signCheckpoint(key, head, at) : null;
}

export interface VerifyOptions {
  key: Buffer;
  /** Signed checkpoints from outside the database (the checkpoint file, server logs). */
  checkpoints?: readonly FoundCheckpoint[];
  batchSize?: number;
}

const where = (f: FoundCheckpoint) => `the checkpoint of ${f.checkpoint.at} (${f.source} line ${f.line})`;

/**
 * Walks the whole chain in id order and reports the first place it does not hold: an event whose keyed hash does
 * not match (written or changed without the key — one hashed by the old unkeyed rule is named so), a broken link, a
 * gap or repeat in the sequence numbers, an unkeyed event after the keyed chain began, earlier events changed after
 * the seal; then the signed checkpoints: one that is not signed by this key, an event that is not the one a
 * checkpoint recorded, and a chain that ends before the newest checkpoint (a cut tail).
 */
export async function verifyAuditChain(db: Queryable, opts: VerifyOptions): Promise<AuditVerification> {
  const { key } = opts;
  const keyId = auditKeyId(key);
  const bySeq = new Map<number, FoundCheckpoint>();
  let newest: FoundCheckpoint | null = null;
  let checked = 0;
  let head: { id: number; seq: number | null } | null = null;
  const result = (bad: { id: number | null; seq: number | null; problem: string } | null): AuditVerification => ({
    ok: bad === null,
    checked,
    firstBadId: bad?.id ?? null,
    firstBadSeq: bad?.seq ?? null,
    problem: bad?.problem ?? null,
    head,
    checkpoint: newest ? { seq: newest.checkpoint.seq, id: newest.checkpoint.id, at: newest.checkpoint.at } : null,
  });

  for (const f of opts.checkpoints ?? []) {
    if (!checkpointSigned(key, f.checkpoint)) {
      const problem =
        f.checkpoint.key !== keyId
          ? `${where(f)} was signed with another audit key (key id ${f.checkpoint.key}; the key loaded here is ${keyId}): the data key (JINGUO_DATA_KEY or <data dir>/keys/data.key) is not this installation's, or the checkpoint is forged`
          : `${where(f)} is forged: its signature does not match`;
      return result({ id: null, seq: f.checkpoint.seq, problem });
    }
    const same = bySeq.get(f.checkpoint.seq);
    if (same && (same.checkpoint.id !== f.checkpoint.id || same.checkpoint.hash !== f.checkpoint.hash))
      return result({
        id: f.checkpoint.id,
        seq: f.checkpoint.seq,
        problem: `${where(f)} and ${where(same)} record different events at seq ${f.checkpoint.seq}: the chain was rewritten between them`,
      });
    bySeq.set(f.checkpoint.seq, f);
    if (!newest || f.checkpoint.seq > newest.checkpoint.seq) newest = f;
  }

  let prev = GENESIS;
  let lastSeq: number | null = null;
  let legacyCount = 0;
  let legacyFirstId: number | null = null;
  const legacyDigest = createHash('sha256');
  let afterId = 0;
  for (;;) {
    const rows = (await listAuditEventsAfter(db, afterId, opts.batchSize ?? 5000)) as ChainedEvent[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const bad = (problem: string) => result({ id: r.id, seq: r.seq, problem });
      if (r.seq === null) {
        if (lastSeq !== null) {
          const unkeyed = legacyHash(r.prevHash, r) === r.hash ? ', hashed by the old unkeyed rule' : '';
          return bad(
            `forged event: event id ${r.id} has no sequence number${unkeyed} but follows the keyed chain (after seq ${lastSeq}): it was written outside the application`,
          );
        }
        const problem = legacyProblem(prev, r);
        if (problem) return bad(problem);
        fullRowDigest(legacyDigest, r);
        legacyCount++;
        legacyFirstId ??= r.id;
      } else {
        const expected = (lastSeq ?? 0) + 1;
        const label = `event id ${r.id} (seq ${r.seq})`;
        if (r.seq > expected)
          return result({
            id: r.id,
            seq: expected,
            problem: `events removed: seq ${expected}${r.seq - 1 > expected ? `–${r.seq - 1}` : ''} missing before ${label}`,
          });
        if (r.seq < expected)
          return bad(`forged event: ${label} repeats a sequence number (expected seq ${expected}): it was inserted`);
        if (r.prevHash !== prev)
          return bad(`broken link: ${label} does not chain to the event before it (an event was removed or inserted)`);
        if (keyedHash(key, r) !== r.hash) {
          if (legacyHash(r.prevHash, r) === r.hash)
            return bad(
              `forged event: ${label} is hashed by the old unkeyed rule, not the audit key: it was written outside the application`,
            );
          const hint =
            lastSeq === null
              ? ` (if this first keyed event fails, check that the data key loaded here — key id ${keyId} — is this installation's)`
              : '';
          return bad(
            `content changed: ${label} does not match its keyed hash: it was rewritten, or inserted, without the audit key${hint}`,
          );
        }
        if (lastSeq === null && legacyCount > 0) {
          const sealed = (r.action === SEAL_ACTION ? r.after : null) as { legacy?: Partial<LegacySummary> } | null;
          const digest = legacyDigest.copy().digest('hex');
          if (sealed?.legacy?.events !== legacyCount || sealed.legacy.digest !== digest)
            return result({
              id: null,
              seq: null,
              problem: `changed before the seal: the ${legacyCount} events before the keyed chain (ids ${legacyFirstId}–${head!.id}) are not the ${sealed?.legacy?.events ?? 0} events the seal ${label} pinned: one of them was changed (its org path, user agent or id), added or removed after the chain was keyed`,
            });
        }
        const cp = bySeq.get(r.seq);
        if (cp && (cp.checkpoint.id !== r.id || cp.checkpoint.hash !== r.hash))
          return bad(
            `rewritten: ${label} is not the event ${where(cp)} recorded at seq ${r.seq} (id ${cp.checkpoint.id}): the chain was rewritten from there`,
          );
        lastSeq = r.seq;
      }
      prev = r.hash;
      checked++;
      head = { id: r.id, seq: r.seq };
      afterId = r.id;
    }
  }
  if (newest && newest.checkpoint.seq > (lastSeq ?? 0)) {
    const from = (lastSeq ?? 0) + 1;
    const to = newest.checkpoint.seq;
    return result({
      id: null,
      seq: from,
      problem: `cut tail: ${where(newest)} records event seq ${to} (id ${newest.checkpoint.id}), but the keyed chain ends at ${lastSeq === null ? 'nothing' : `seq ${lastSeq} (id ${head!.id})`}: events seq ${from}${to > from ? `–${to}` : ''} were removed`,
    });
  }
  return result(null);
}

/**
 * The trail of one opened platform or CLI command: the audit key installed for appendAudit, the seal, checkpoints to
 * the file under the data dir (and the log), and verification against them.
 */
export interface AuditTrail {
  readonly keyId: string;
  readonly checkpointFile: string;
  /** Seals a trail written before the chain was keyed (at the first start after the upgrade). */
  seal(): Promise<boolean>;
  /** Writes a signed checkpoint of the head when the head moved since the last one; returns it, or null. */
  checkpoint(): Promise<AuditCheckpoint | null>;
  /** Verifies the chain against the checkpoint file and any further files (server logs). */
  verify(opts?: { checkpointFiles?: readonly string[] }): Promise<AuditVerification>;
  /** Puts the previous key back (a process that opened only this trail then writes no events). */
  close(): void;
}

export function openAuditTrail(
  handle: Pick<DbHandle, 'db'>,
  opts: { key: Buffer; dataDir: string; log?: (line: string) => void },
): AuditTrail {
  const { key } = opts;
  const uninstall = installAuditKey(key);
  const file = checkpointFileOf(opts.dataDir);
  let last: AuditCheckpoint | null | undefined;
  return {
    keyId: auditKeyId(key),
    checkpointFile: file,
    seal: () => sealAuditTrail(handle.db),
    async checkpoint() {
      last ??= lastCheckpointIn(file);
      const cp = await takeCheckpoint(handle.db, key);
      if (!cp || (last && last.seq === cp.seq && last.hash === cp.hash && last.key === cp.key)) return null;
      appendCheckpoint(file, cp);
      last = cp;
      opts.log?.(`audit checkpoint ${JSON.stringify(cp)}`);
      return cp;
    },
    verify: (v = {}) =>
      verifyAuditChain(handle.db, {
        key,
        checkpoints: [file, ...(v.checkpointFiles ?? [])].flatMap(readCheckpointFile),
      }),
    close: uninstall,
  };
}

/** An auditor at the city root reads the whole trail; one lower down reads the events of her subtree. */
export async function searchAudit(
  q: Queryable,
  query: AuditQuery,
  scopePath: string | null,
): Promise<Page<AuditEvent>> {
  const cursor = decodeCursor<{ id: number }>(query.cursor);
  let beforeId: number | null = null;
  if (cursor) {
    beforeId = Number(cursor.id);
    if (!Number.isSafeInteger(beforeId)) return { items: [], nextCursor: null };
  }
  const rows = await searchAuditEvents(q, query, scopePath, beforeId);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      result: r.result as 'success' | 'failure',
      targetType: r.targetType,
      targetId: r.targetId,
      orgId: r.orgId,
      before: r.before,
      after: r.after,
      reason: r.reason,
      ip: r.ip,
      userAgent: r.userAgent,
      requestId: r.requestId,
      hash: r.hash,
      actorDisplayName: r.actorDisplayName,
      targetName: r.targetName,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
  };
}
