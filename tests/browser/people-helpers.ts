import type { Page } from 'playwright-core';
import { signIn } from './helpers.js';

/** Helpers of the people browser tests: valid ID numbers, and API writes with the page's session. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function idNumber(birth: string, seq: number): string {
  const first17 = `500154${birth}${String(seq).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * WEIGHTS[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** A GB 11643 ID number of a woman born on `birth` (YYYYMMDD) in 开州区, random enough to be new in each run. */
export function womanIdNumber(birth = '19900308'): string {
  return idNumber(birth, Math.floor(Math.random() * 500) * 2); // an even sequence: a woman
}

/** `count` different ID numbers of women born on one random day of the 1980s–1990s (new in each run). */
export function womanIdNumbers(count: number): string[] {
  const day = new Date(Date.UTC(1980, 0, 1) + Math.floor(Math.random() * 20 * 365) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const start = Math.floor(Math.random() * (500 - count));
  return Array.from({ length: count }, (_, i) => idNumber(day, (start + i) * 2));
}

/** The same number with a wrong check character. */
export function withWrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

/** A mobile number nobody in the demo has (the demo numbers are random within 13x–19x). */
export function phoneNumber(): string {
  return `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** A write through the API with the page's session and CSRF cookie (no acting org: the home org's scope). */
export async function apiPost<T>(page: Page, path: string, body: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'jinguo_csrf')?.value ?? '';
  const res = await page.request.post(`/api/v1${path}`, { headers: { 'x-csrf-token': csrf }, data: body });
  if (!res.ok()) throw new Error(`POST ${path} → ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Registers a person through the API; a rare ID collision with an earlier run is retried with a new number. */
export async function createPerson(
  page: Page,
  input: { orgId: number; name: string; phone?: string; birth?: string },
): Promise<{ id: number; idNumber: string }> {
  for (let attempt = 0; ; attempt++) {
    const idNumber = womanIdNumber(input.birth);
    try {
      const p = await apiPost<{ id: number }>(page, '/people', {
        orgId: input.orgId,
        name: input.name,
        idNumber,
        phone: input.phone,
      });
      return { id: p.id, idNumber };
    } catch (e) {
      if (attempt > 3 || !String(e).includes('PERSON_DUPLICATE_ID')) throw e;
    }
  }
}

/**
 * Signs in and waits for the landing page (home → /workbench, lazily loaded) to show: a menu click made while the
 * redirect is still under way can be overtaken by it.
 */
export async function signInAndSettle(page: Page, username: string): Promise<void> {
  await signIn(page, username);
  await page.waitForURL(/\/workbench$/);
  await page.getByTestId('workbench').waitFor();
}
