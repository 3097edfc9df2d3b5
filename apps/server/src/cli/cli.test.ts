// The CLI as a process (exit codes, help) and its argument parsing; no database needed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliFailure, UsageError } from './context.js';
import { parseRoles } from './commands/users.js';
import { parseDate } from './commands/orgs.js';
import { redactUrl } from './database.js';

const BIN = resolve(import.meta.dirname, '../../bin/jinguo.mjs');
const empty = mkdtempSync(join(tmpdir(), 'jinguo-cli-unit-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

function jinguo(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, JINGUO_DATA_DIR: empty };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('jinguo as a process', () => {
  it('prints help with exit code 0, and usage errors with exit code 2', () => {
    const help = jinguo('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('init --production');
    expect(help.out).toContain('restore --from');
    const bare = jinguo();
    expect(bare.code).toBe(2);
    const unknown = jinguo('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    const badOption = jinguo('backup', '--out');
    expect(badOption.code).toBe(2);
    expect(badOption.err).toContain('jinguo backup --help');
  });

  it('fails with exit code 1 and a clear message when there is no database', () => {
    const r = jinguo('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain('no database at');
    expect(r.err).toContain('jinguo init --production');
  });
});

describe('argument parsing', () => {
  it('roles: known names only, and 三员分立', () => {
    expect(parseRoles('cadre, volunteer,cadre', 'x')).toEqual(['cadre', 'volunteer']);
    expect(() => parseRoles('cadre,boss', 'x')).toThrow(UsageError);
    expect(() => parseRoles('system_admin,cadre', 'x')).toThrow(CliFailure);
    expect(() => parseRoles('security_officer,auditor', 'x')).toThrow(CliFailure);
    expect(parseRoles('auditor', 'x')).toEqual(['auditor']);
  });

  it('dates and URLs', () => {
    expect(parseDate('2023-06-30', 'as-of', 'x')).toBe('2023-06-30');
    expect(() => parseDate('2023-02-30', 'as-of', 'x')).toThrow(UsageError);
    expect(() => parseDate('yesterday', 'as-of', 'x')).toThrow(UsageError);
    expect(redactUrl('postgres://app:s3cret@db.example:5432/jinguo')).toBe('postgres://app:***@db.example:5432/jinguo');
  });
});
