import { appendAudit, verifyAuditChain } from '../../platform/audit/audit.service.js';
import { runAsSystem } from '../../platform/scope.js';
import { parseCommand, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';
import { CLI_ACTOR } from './users.js';

export const AUDIT_HELP = `
jinguo audit <subcommand>

Subcommands:
  verify   walk the hash chain of the audit trail and report the first event that does not match

Run \`jinguo audit verify --help\` for details.
`;

const VERIFY_HELP = `
jinguo audit verify

Recomputes every audit event's hash from its content and the previous event's hash. Prints the number of
events checked and OK, or the id of the first event that was changed, removed or inserted, and the problem.
Exit code 0 when the chain is intact, 1 when it is broken. The check itself is recorded as an audit event.
`;

export async function auditCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.out(AUDIT_HELP.trim());
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'verify') throw new UsageError(`unknown subcommand "audit ${sub}"`, 'audit');
  parseCommand(ctx.io, 'audit verify', rest, {}, VERIFY_HELP);
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  const started = Date.now();
  const result = await withDatabase(ctx, {}, async ({ handle }) => {
    const r = await verifyAuditChain(handle.db);
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
  if (result.ok) {
    ctx.io.out(`audit chain OK: ${result.checked} events checked (${secs} s)`);
    return 0;
  }
  ctx.io.out(`audit chain BROKEN at event id ${result.firstBadId}: ${result.problem}`);
  ctx.io.out(`${result.checked} events before it are intact.`);
  return 1;
}
