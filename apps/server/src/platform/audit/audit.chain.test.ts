import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveAuditKey } from '../crypto.js';
import {
  auditKeyId,
  checkpointSigned,
  GENESIS,
  keyedHash,
  legacyHash,
  parseCheckpoints,
  signCheckpoint,
  type ChainedEvent,
} from './audit.chain.js';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);

const event: Omit<ChainedEvent, 'hash'> = {
  id: 41,
  seq: 12,
  at: '2026-03-08T02:00:00.123Z',
  actorId: 5,
  actorName: 'kaizhou.cadre',
  action: 'org.update',
  result: 'success',
  targetType: 'organization',
  targetId: '27',
  orgId: 27,
  orgPath: '1.3.27',
  before: { address: null },
  after: { address: '开州区汉丰街道', contactPhone: '139****4321' },
  reason: null,
  ip: '10.0.0.8',
  userAgent: 'Mozilla/5.0',
  requestId: 'req-1',
  prevHash: 'a'.repeat(64),
};

/** A value of the same column that differs from the sample's. */
const changed: { [K in keyof typeof event]: (typeof event)[K] } = {
  id: 42,
  seq: 13,
  at: '2026-03-08T02:00:00.124Z',
  actorId: 6,
  actorName: 'someone.else',
  action: 'org.delete',
  result: 'failure',
  targetType: 'person',
  targetId: '28',
  orgId: 28,
  orgPath: '1.3.28',
  before: { address: '' },
  after: { address: '开州区汉丰街道', contactPhone: '139****4322' },
  reason: 'cover-up',
  ip: '10.0.0.9',
  userAgent: 'curl/8',
  requestId: 'req-2',
  prevHash: 'b'.repeat(64),
};

describe('the keyed event hash', () => {
  it('is an HMAC: the same event under another key, or with no key by the old rule, hashes differently', () => {
    const h = keyedHash(key, event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash(key, { ...event })).toBe(h);
    expect(keyedHash(otherKey, event)).not.toBe(h);
    expect(legacyHash(event.prevHash, event)).not.toBe(h);
  });

  it('covers every column: changing any one of them, id, seq, org path, user agent and prev hash included, changes it', () => {
    const h = keyedHash(key, event);
    for (const column of Object.keys(changed) as (keyof typeof event)[]) {
      expect(keyedHash(key, { ...event, [column]: changed[column] }), column).not.toBe(h);
    }
  });

  it('the old unkeyed rule left org path, user agent, id and sequence outside the hash', () => {
    const h = legacyHash(event.prevHash, event);
    for (const column of ['orgPath', 'userAgent', 'id', 'seq'] as const)
      expect(legacyHash(event.prevHash, { ...event, [column]: changed[column] }), column).toBe(h);
  });

  it('reads back the same from the database: the timestamp in any text form, jsonb keys in any order', () => {
    const h = keyedHash(key, event);
    expect(keyedHash(key, { ...event, at: '2026-03-08 10:00:00.123+08' })).toBe(h);
    expect(keyedHash(key, { ...event, after: { contactPhone: '139****4321', address: '开州区汉丰街道' } })).toBe(h);
  });

  it('tells a missing value from an empty one', () => {
    const h = keyedHash(key, { ...event, reason: null });
    expect(keyedHash(key, { ...event, reason: '' })).not.toBe(h);
    expect(keyedHash(key, { ...event, seq: null })).not.toBe(keyedHash(key, event));
  });

  it('the audit key is derived from the data key, apart from it and stable', () => {
    const dataKey = randomBytes(32);
    const a = deriveAuditKey(dataKey);
    expect(a).toHaveLength(32);
    expect(a.equals(dataKey)).toBe(false);
    expect(deriveAuditKey(Buffer.from(dataKey)).equals(a)).toBe(true);
    expect(deriveAuditKey(randomBytes(32)).equals(a)).toBe(false);
    expect(() => deriveAuditKey(Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(auditKeyId(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(auditKeyId(a)).toBe(auditKeyId(Buffer.from(a)));
    expect(auditKeyId(key)).not.toBe(auditKeyId(otherKey));
  });

  it('GENESIS is the first link', () => {
    expect(GENESIS).toBe('0'.repeat(64));
  });
});

describe('checkpoints', () => {
  const head = { seq: 12, id: 41, hash: 'c'.repeat(64) };
  const at = new Date('2026-03-08T02:01:00Z');

  it('are signed with the audit key: any change of seq, id, hash or time, or another key, fails', () => {
    const c = signCheckpoint(key, head, at);
    expect(c).toMatchObject({ v: 1, seq: 12, id: 41, hash: head.hash, at: '2026-03-08T02:01:00.000Z' });
    expect(c.key).toBe(auditKeyId(key));
    expect(checkpointSigned(key, c)).toBe(true);
    expect(checkpointSigned(otherKey, c)).toBe(false);
    expect(checkpointSigned(key, { ...c, seq: 13 })).toBe(false);
    expect(checkpointSigned(key, { ...c, id: 40 })).toBe(false);
    expect(checkpointSigned(key, { ...c, hash: 'd'.repeat(64) })).toBe(false);
    expect(checkpointSigned(key, { ...c, at: '2026-03-08T02:02:00.000Z' })).toBe(false);
    expect(checkpointSigned(key, { ...c, mac: c.mac.slice(0, 10) })).toBe(false);
  });

  it('an event MAC cannot pass for a checkpoint MAC', () => {
    const c = signCheckpoint(key, head, at);
    expect(c.mac).not.toBe(keyedHash(key, event));
  });

  it('are found in the checkpoint file and in server logs, with where; other and cut-short lines are skipped', () => {
    const a = signCheckpoint(key, head, at);
    const b = signCheckpoint(key, { ...head, seq: 13, id: 44 }, at);
    const c = signCheckpoint(key, { ...head, seq: 14, id: 45 }, at);
    const text = [
      JSON.stringify(a),
      '[jinguo] Jinguo is serving on http://localhost:3000',
      `[jinguo] audit checkpoint ${JSON.stringify(b)}`,
      JSON.stringify({ level: 30, msg: 'audit checkpoint', auditCheckpoint: c }),
      JSON.stringify({ ...a, seq: 'x' }),
      JSON.stringify(a).slice(0, 40),
      '',
    ].join('\n');
    const found = parseCheckpoints(text, 'server.log');
    expect(found.map((f) => [f.checkpoint.seq, f.line, f.source])).toEqual([
      [12, 1, 'server.log'],
      [13, 3, 'server.log'],
      [14, 4, 'server.log'],
    ]);
    expect(found.every((f) => checkpointSigned(key, f.checkpoint))).toBe(true);
  });
});
