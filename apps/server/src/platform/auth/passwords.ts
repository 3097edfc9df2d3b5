import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

// argon2id (the library's default algorithm) with OWASP-recommended cost: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Verifies against a throwaway hash so that an unknown username costs the same time as a wrong password. */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-9!');
  await verifyPassword(await dummy, password);
}

/** A one-time password that satisfies the complexity rules: 16 characters from four classes. */
export function generateOneTimePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#%^*-_+='];
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  const all = sets.join('');
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
