// The checkpoint file: signed heads of the audit chain, one JSON object a line, appended and never rewritten, under
// the data dir (outside the database, beside the key). Decision 0014.
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir } from '../config.js';
import { parseCheckpoints, type AuditCheckpoint, type FoundCheckpoint } from './audit.chain.js';

export function checkpointFileOf(dataDir: string): string {
  return join(dataDir, 'audit', 'checkpoints.jsonl');
}

/** Appends one checkpoint and forces it to disk: once written, it is there after a crash. */
export function appendCheckpoint(file: string, checkpoint: AuditCheckpoint): void {
  ensureDir(join(file, '..'));
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every checkpoint in a file (the checkpoint file, or a server log); none when the file does not exist. */
export function readCheckpointFile(file: string): FoundCheckpoint[] {
  if (!existsSync(file)) return [];
  return parseCheckpoints(readFileSync(file, 'utf8'), file);
}

/** The last checkpoint of the file, read from its end (the file grows by a line a minute while events are written). */
export function lastCheckpointIn(file: string): AuditCheckpoint | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 8192);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const found = parseCheckpoints(buf.toString('utf8'), file);
    return found.at(-1)?.checkpoint ?? null;
  } finally {
    closeSync(fd);
  }
}
