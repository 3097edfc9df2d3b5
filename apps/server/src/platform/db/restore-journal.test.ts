import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverInterruptedRestore, writeRestoreJournal, type RestoreJournal } from './restore-journal.js';

// Every state a restore of the embedded database can be killed in (crash-safety.int.test.ts kills real restores at
// some of them): the next open puts the previous database and checkpoints back, and can itself be killed and rerun.

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A data dir with a database (a file naming its content) and checkpoints, and the journal of a restore over it. */
function dataDirWithRestore(opts: { previous: boolean; checkpoints: boolean }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'jinguo-journal-'));
  dirs.push(dataDir);
  const dir = join(dataDir, 'pglite');
  const file = join(dataDir, 'audit', 'checkpoints.jsonl');
  mkdirSync(join(dataDir, 'audit'));
  if (opts.previous) {
    mkdirSync(dir);
    writeFileSync(join(dir, 'content'), 'previous');
  }
  if (opts.checkpoints) writeFileSync(file, 'previous checkpoints\n');
  const j: RestoreJournal = {
    started: '2026-12-05T00:00:00.000Z',
    pid: 1,
    dir,
    staging: `${dir}.restoring`,
    kept: opts.previous ? `${dir}.before-restore-x` : null,
    checkpoints: { file, existed: opts.checkpoints, aside: file.replace('.jsonl', '.before-restore-x.jsonl') },
  };
  mkdirSync(j.staging);
  writeFileSync(join(j.staging, 'content'), 'restored');
  writeRestoreJournal(dataDir, j);
  return { dataDir, j };
}

/** The steps of restoreEmbedded after its journal is written, in order: the first `n` of them. */
function runUntil(j: RestoreJournal, n: number) {
  const all: (() => void)[] = [
    () => void (j.kept && renameSync(j.dir, j.kept)),
    () => renameSync(j.staging, j.dir),
    () => void (existsSync(j.checkpoints.file) && renameSync(j.checkpoints.file, j.checkpoints.aside)),
    () => writeFileSync(j.checkpoints.file, 'restored checkpoints\n'),
  ];
  all.slice(0, n).forEach((f) => f());
}

describe('undoing a restore of the embedded database killed half-way', () => {
  for (const previous of [true, false])
    for (const checkpoints of [true, false])
      for (let n = 0; n <= 4; n++)
        it(`previous database ${previous}, checkpoints ${checkpoints}, killed after step ${n}`, () => {
          const { dataDir, j } = dataDirWithRestore({ previous, checkpoints });
          runUntil(j, n);
          expect(recoverInterruptedRestore(dataDir)).toContain('did not finish: it was undone');
          expect(readdirSync(dataDir).sort()).toEqual(previous ? ['audit', 'pglite'] : ['audit']);
          if (previous) expect(readFileSync(join(j.dir, 'content'), 'utf8')).toBe('previous');
          expect(readdirSync(join(dataDir, 'audit'))).toEqual(checkpoints ? ['checkpoints.jsonl'] : []);
          if (checkpoints) expect(readFileSync(j.checkpoints.file, 'utf8')).toBe('previous checkpoints\n');
          expect(recoverInterruptedRestore(dataDir)).toBeNull(); // done: nothing left to undo
        });

  it('an undo killed half-way (the restored database removed, the previous one not yet back) runs again', () => {
    const { dataDir, j } = dataDirWithRestore({ previous: true, checkpoints: true });
    runUntil(j, 4);
    rmSync(j.dir, { recursive: true });
    recoverInterruptedRestore(dataDir);
    expect(readFileSync(join(j.dir, 'content'), 'utf8')).toBe('previous');
    expect(readFileSync(j.checkpoints.file, 'utf8')).toBe('previous checkpoints\n');
  });
});
