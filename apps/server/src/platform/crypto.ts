import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from './config.js';

/**
 * Field encryption for personal data: AES-256-GCM with a key kept outside the database (environment or a key
 * file under ./data/keys, created on first embedded start), and a keyed hash (HMAC-SHA-256) for exact lookup.
 */
export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  lookupHash(value: string): string;
  /** Binary variant for files: version byte, IV, tag, ciphertext. */
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(stored: Buffer): Buffer;
}

const BYTES_VERSION = 1;

const VERSION = 'v1';

/** IVs come from a pool refilled 64 KiB at a time: one getrandom call per ~5,000 encryptions instead of one each. */
function ivSource() {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 12 > pool.length) {
      pool = randomBytes(65_532);
      offset = 0;
    }
    const iv = pool.subarray(offset, offset + 12);
    offset += 12;
    return iv;
  };
}

export function createFieldCrypto(masterKey: Buffer): FieldCrypto {
  if (masterKey.length !== 32) throw new Error('the data key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'jinguo field encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'jinguo lookup hash', 32));
  const nextIv = ivSource();
  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    decrypt(stored) {
      const [version, iv, tag, ct] = stored.split(':');
      if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('unrecognised ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
    },
    encryptBytes(plain) {
      const iv = Buffer.from(nextIv());
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([BYTES_VERSION]), iv, cipher.getAuthTag(), ct]);
    },
    decryptBytes(stored) {
      if (stored.length < 29 || stored[0] !== BYTES_VERSION) throw new Error('unrecognised ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', encKey, stored.subarray(1, 13));
      decipher.setAuthTag(stored.subarray(13, 29));
      return Buffer.concat([decipher.update(stored.subarray(29)), decipher.final()]);
    },
    lookupHash(value) {
      return createHmac('sha256', macKey).update(value.trim().toUpperCase()).digest('base64url');
    },
  };
}

/**
 * The key of the audit chain's HMAC (decision 0014): derived from the data key with its own HKDF label, so it lives
 * where the data key lives (outside the database), needs no second secret to keep, and shares no bits with the
 * encryption and lookup keys.
 */
export function deriveAuditKey(dataKey: Buffer): Buffer {
  if (dataKey.length !== 32) throw new Error('the data key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'jinguo audit chain', 32));
}

/** JINGUO_DATA_KEY (base64, 32 bytes) wins; otherwise the key file under dataDir, created if missing. */
export function loadDataKey(dataDir: string): Buffer {
  const fromEnv = process.env.JINGUO_DATA_KEY;
  if (fromEnv) return checkedKey(Buffer.from(fromEnv, 'base64'), 'JINGUO_DATA_KEY');
  const file = join(ensureDir(join(dataDir, 'keys')), 'data.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  return checkedKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), `the key file ${file}`);
}

function checkedKey(key: Buffer, where: string): Buffer {
  if (key.length !== 32)
    throw new Error(
      `${where} must hold the data key as 32 bytes in base64 (44 characters); it holds ${key.length} bytes`,
    );
  return key;
}
