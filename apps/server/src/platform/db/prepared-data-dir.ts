import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * A data directory prepared at install (scripts/prepare-data.mjs, decision 0018): migrated, with the demo loaded, so
 * that the first `npm start` only opens it. It carries this marker until it is first opened. Until then it is a cache
 * of the first demo start, nothing of anyone's: the demo server adopts it (the marker goes), and any other opener — a
 * production start, `jinguo init --production`, a CLI command, a demo start that finds it stale — discards it, so that
 * opener finds exactly what it would have found had the install prepared nothing.
 */

export const PREPARED_MARKER = 'prepared.json';

export interface PreparedMarker {
  /** The China date the demo was loaded for: its dates ("16 days ago", "due today") count from it. */
  demoToday: string;
  preparedAt: string;
}

/** The marker of a prepared, never opened data directory; null when there is none (or it is unreadable). */
export function readPreparedMarker(dataDir: string): PreparedMarker | null {
  const file = join(dataDir, PREPARED_MARKER);
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<PreparedMarker>;
    return typeof m.demoToday === 'string' && typeof m.preparedAt === 'string'
      ? { demoToday: m.demoToday, preparedAt: m.preparedAt }
      : null;
  } catch {
    return null;
  }
}

export function writePreparedMarker(dataDir: string, marker: PreparedMarker): void {
  writeFileSync(join(dataDir, PREPARED_MARKER), JSON.stringify(marker) + '\n');
}

/**
 * Called with the directory's lock held, before the database opens: a prepared directory is adopted (its marker goes)
 * or discarded (its database and audit checkpoints go; the key stays: the caller may have read it already, and a key
 * without data is harmless). Returns what it did.
 */
export function settlePreparedDataDir(dataDir: string, adopt: boolean): 'none' | 'adopted' | 'discarded' {
  const marker = join(dataDir, PREPARED_MARKER);
  if (!existsSync(marker)) return 'none';
  if (!adopt) {
    rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
    rmSync(join(dataDir, 'audit'), { recursive: true, force: true });
  }
  rmSync(marker, { force: true });
  return adopt ? 'adopted' : 'discarded';
}
