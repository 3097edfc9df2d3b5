// A server given a data key that does not match the data refuses to start, naming the setting to fix; before the
// fingerprint it started and answered 500 to every read of an encrypted field.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliTestFile, freshDb } from '../cli/testing.js';
import { openPlatform, type Platform } from '../platform.js';
import { loadConfig } from './config.js';
import { createFieldCrypto } from './crypto.js';
import { DATA_KEY_SETTING, dataKeyFingerprint, DataKeyMismatchError } from './data-key.js';

// A migrated database that no server has opened yet (a copy of a template: initdb and the migrations cost seconds)
let dataDir = '';
let keyFile = '';
let databaseUrl: string | null = null;
cliTestFile(); // its PostgreSQL database is dropped when the file ends

function start(): Promise<Platform> {
  const config = loadConfig({ databaseUrl, dataDir, webDistDir: '/nonexistent', logLevel: 'silent' });
  return openPlatform(config, { dataDirForDb: databaseUrl ? null : dataDir });
}

async function q<T>(p: Platform, text: string, params: unknown[] = []): Promise<T[]> {
  return p.handle.pglite
    ? (await p.handle.pglite.query<T>(text, params)).rows
    : ((await p.handle.pool!.query(text, params)).rows as T[]);
}

const keyA = () => Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
const otherKey = randomBytes(32);

beforeAll(async () => {
  const db = await freshDb();
  dataDir = db.config.dataDir!;
  databaseUrl = db.config.databaseUrl ?? null;
  keyFile = join(dataDir, 'keys', 'data.key');
});
afterEach(() => {
  delete process.env.JINGUO_DATA_KEY;
});

describe('the data key', () => {
  let a: Buffer;

  it('is fingerprinted with the data at the first start; the fingerprint says nothing of the key', async () => {
    const p = await start();
    try {
      a = keyA();
      const [row] = await q<{ value: { fingerprint: string } }>(p, 'select value from system_settings where key = $1', [
        DATA_KEY_SETTING,
      ]);
      expect(row!.value.fingerprint).toBe(dataKeyFingerprint(a));
      expect(row!.value.fingerprint).not.toContain(a.toString('hex').slice(0, 8));
      // something encrypted, as the registry would hold (an import's bad row: a simple table with a *_enc column)
      await q(
        p,
        `insert into person_import_rows (import_id, row_no, org_path, valid, cells_enc) values (1, 1, '1', false, $1)`,
        [p.crypto.encrypt('{"name":"王芳","phone":"13800001111"}')],
      );
    } finally {
      await p.close();
    }
  });

  it('a different JINGUO_DATA_KEY is refused at start, with the setting to fix', async () => {
    process.env.JINGUO_DATA_KEY = otherKey.toString('base64');
    const refused = await start().then(
      async (p) => (await p.close(), null),
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DataKeyMismatchError);
    const message = (refused as Error).message;
    expect(message).toContain('does not match this database');
    expect(message).toContain('JINGUO_DATA_KEY');
    expect(message).toContain(dataKeyFingerprint(a).slice(0, 16));
    expect(message).toContain(dataKeyFingerprint(otherKey).slice(0, 16));
  });

  it('a replaced key file is refused, naming the file', async () => {
    writeFileSync(keyFile, otherKey.toString('base64') + '\n');
    const refused = await start().then(
      async (p) => (await p.close(), null),
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DataKeyMismatchError);
    expect((refused as Error).message).toContain(keyFile);
    writeFileSync(keyFile, a.toString('base64') + '\n');
  });

  it('a lost key file is refused, and the key generated in its place is not kept', async () => {
    rmSync(keyFile);
    const refused = await start().then(
      async (p) => (await p.close(), null),
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DataKeyMismatchError);
    expect((refused as Error).message).toContain('a new key was generated');
    expect(existsSync(keyFile)).toBe(false);
    writeFileSync(keyFile, a.toString('base64') + '\n');
  });

  it('a key that is not 32 bytes is named as such', async () => {
    process.env.JINGUO_DATA_KEY = randomBytes(16).toString('base64');
    await expect(start()).rejects.toThrow(/JINGUO_DATA_KEY must hold the data key as 32 bytes/);
  });

  it('a database from before the fingerprint is checked by decrypting its data before the key is recorded', async () => {
    let p = await start();
    await q(p, 'delete from system_settings where key = $1', [DATA_KEY_SETTING]);
    await p.close();
    process.env.JINGUO_DATA_KEY = otherKey.toString('base64');
    const refused = await start().then(
      async (x) => (await x.close(), null),
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DataKeyMismatchError);
    expect((refused as Error).message).toContain('does not decrypt the stored person_import_rows.cells_enc');
    delete process.env.JINGUO_DATA_KEY;
    p = await start();
    try {
      const [row] = await q<{ value: { fingerprint: string } }>(p, 'select value from system_settings where key = $1', [
        DATA_KEY_SETTING,
      ]);
      expect(row!.value.fingerprint).toBe(dataKeyFingerprint(a));
      const [enc] = await q<{ cells_enc: string }>(p, 'select cells_enc from person_import_rows');
      expect(createFieldCrypto(a).decrypt(enc!.cells_enc)).toContain('王芳');
    } finally {
      await p.close();
    }
  });
});
