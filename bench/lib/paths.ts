import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const BENCH = resolve(REPO, 'bench');
/** Bench-owned data directories (keys, embedded database); git-ignored. */
export const BENCH_DATA = resolve(BENCH, '.data');
export const SERVER_MAIN = resolve(REPO, 'apps/server/src/main.ts');
