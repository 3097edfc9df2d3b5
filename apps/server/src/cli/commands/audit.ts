import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { runAsSystem } from '../../platform/scope.js';
import { CliFailure, parseCommand, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';
import { CLI_ACTOR } from './users.js';

export const AUDIT_HELP = `
jinguo audit <subcommand>

Subcommands:
  verify   check the keyed hash chain of the audit trail against its signed checkpoints; name the first problem

Run \`jinguo audit verify --help\` for details.
`;

const VERIFY_HELP = `
jinguo audit verify [--checkpoints <file>]...

Recomputes every audit event's HMAC under the audit key (derived from the data key: JINGUO_DATA_KEY or
<data dir>/keys/data.key) from all its columns, its sequence number and the previous event's hash, and holds the
chain against the signed checkpoints of its head kept outside the database (<data dir>/audit/checkpoints.jsonl,
written every minute and at shutdown). Finds an event forged or rewritten without the key, an event removed or
inserted, and newest events cut after a checkpoint, and names the event id and sequence number where.

Options:
  --checkpoints <file>   also hold the chain against the checkpoints in this file: a server log (its lines
                         "[jinguo] audit checkpoint {…}") or a copy of the checkpoint file; may be repeated
  -h, --help             this help

Exit code 0 when the chain is intact, 1 when it is not. The check itself is recorded as an audit event.
`;

export async function auditCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.out(AUDIT_HELP.trim());
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'verify') throw new UsageError(`unknown subcommand "audit ${sub}"`, 'audit');
  const v = parseCommand(
    ctx.io,
    'audit verify',
    rest,
    { checkpoints: { type: 'string', multiple: true } },
    VERIFY_HELP,
  );
  const files = ((v.checkpoints as unknown as string[] | undefined) ?? []).map((f) => resolve(f));
  for (const f of files) if (!existsSync(f)) throw new CliFailure(`no checkpoint file at ${f}`);
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  const started = Date.now();
  const result = await withDatabase(ctx, {}, async ({ handle, audit }) => {
    const r = await audit.verify({ checkpointFiles: files });
    await runAsSystem(handle, CLI_ACTOR, (s) =>
      appendAudit(s.tx, s.actor, {
        action: 'audit.verify',
        targetType: 'audit_events',
        result: r.ok ? 'success' : 'failure',
        after: r,
        reason: 'jinguo audit verify',
      }),
    );
    return r;
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const anchor = result.checkpoint
    ? `held against the checkpoint of ${result.checkpoint.at} (seq ${result.checkpoint.seq})`
    : 'no checkpoint yet to hold the tail against';
  if (result.ok) {
    const head = result.head ? `, head event id ${result.head.id} (seq ${result.head.seq ?? '-'})` : '';
    ctx.io.out(`audit chain OK: ${result.checked} events checked${head}; ${anchor} (${secs} s)`);
    return 0;
  }
  const at = [
    result.firstBadId !== null ? `event id ${result.firstBadId}` : null,
    result.firstBadSeq !== null ? `seq ${result.firstBadSeq}` : null,
  ].filter(Boolean);
  ctx.io.out(`audit chain BROKEN${at.length ? ` at ${at.join(', ')}` : ''}: ${result.problem}`);
  ctx.io.out(`${result.checked} events before it are intact.`);
  return 1;
}
