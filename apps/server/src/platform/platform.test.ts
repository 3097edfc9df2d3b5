import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './audit/audit.service.js';
import { createFieldCrypto } from './crypto.js';
import { describeIssue, validationProblems } from './http/problem.js';
import { decodeCursor, encodeCursor } from './http/cursor.js';
import { generateOneTimePassword } from './auth/passwords.js';
import { passwordProblems } from '@jinguo/contracts';

describe('field crypto', () => {
  const crypto = createFieldCrypto(randomBytes(32));
  it('round-trips, with a fresh IV each time', () => {
    const a = crypto.encrypt('13812345678');
    expect(crypto.decrypt(a)).toBe('13812345678');
    expect(crypto.encrypt('13812345678')).not.toBe(a);
    expect(a).not.toContain('1381234');
  });
  it('refuses a tampered ciphertext', () => {
    const [v, iv, tag, ct] = crypto.encrypt('50010119900101123X').split(':');
    const flipped = Buffer.from(ct!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => crypto.decrypt([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
  });
  it('gives a stable keyed lookup hash that differs per key and ignores case of the check character', () => {
    expect(crypto.lookupHash('50010119900101123x')).toBe(crypto.lookupHash('50010119900101123X'));
    expect(createFieldCrypto(randomBytes(32)).lookupHash('x')).not.toBe(crypto.lookupHash('x'));
  });
});

describe('audit canonical JSON', () => {
  it('is independent of key order, so a row read back from jsonb hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});

describe('problem wording', () => {
  it('names the field in both languages', () => {
    const [p] = validationProblems(
      [{ keyword: 'too_big', instancePath: '/name', params: { origin: 'string', maximum: 100 } }],
      'body',
    );
    expect(p).toEqual({
      field: 'name',
      code: 'too_big',
      message: { 'zh-CN': 'name：过长，最多 100 个字符', 'en-US': 'name is too long (at most 100 characters)' },
    });
  });
  it('lists each unknown key as its own field', () => {
    const ps = validationProblems(
      [{ keyword: 'unrecognized_keys', instancePath: '', params: { keys: ['x', 'y'] } }],
      'body',
    );
    expect(ps.map((p) => p.field)).toEqual(['x', 'y']);
  });
  it('says a missing value is required', () =>
    expect(describeIssue('invalid_type', { expected: 'string' }).en).toBe('is required'));
});

describe('cursors', () => {
  it('round-trip and reject garbage with a 400', () => {
    expect(decodeCursor(encodeCursor({ id: 7 }))).toEqual({ id: 7 });
    expect(() => decodeCursor('!!!')).toThrow(/cursor/);
  });
});

describe('one-time passwords', () => {
  it('always satisfy the complexity rules', () => {
    for (let i = 0; i < 200; i++) expect(passwordProblems(generateOneTimePassword())).toEqual([]);
  });
});
