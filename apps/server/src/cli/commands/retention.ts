import { RETENTION_ACTION_LABELS, type RetentionRun } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { CliFailure, parseCommand, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';
import { CLI_ACTOR } from './users.js';

export const RETENTION_HELP = `
jinguo retention --dry-run
jinguo retention --apply <report-id>

Personal data past its retention period (个人信息保护法 §19; docs/decisions/0016). --dry-run reports, per record
type, what would be anonymised or deleted and what is kept and why (an open case, an active consent), and stores the
report (nothing changes). --apply carries out a stored dry-run report: its records that are still due, each
anonymised or deleted and audited. The periods are edited by the system admin (保存期限).
`;

function print(ctx: CliContext, run: RetentionRun): void {
  ctx.io.out(`${run.dryRun ? 'Dry-run report' : 'Run'} #${run.id}${run.reportId ? ` (report #${run.reportId})` : ''}`);
  for (const i of run.items) {
    const kept = i.kept.map((k) => `${k.reason} ${k.count}`).join(', ') || 'none';
    const verb = RETENTION_ACTION_LABELS[i.action]['en-US'].toLowerCase();
    ctx.io.out(
      `${i.recordType}: ${i.due} ${run.dryRun ? `to ${verb}` : `${verb}d`} (older than ${i.retentionDays} days); kept: ${kept}`,
    );
  }
  if (!run.items.length) ctx.io.out('No record type has an enabled retention policy.');
  if (run.dryRun) ctx.io.out(`Nothing changed. To carry it out: jinguo retention --apply ${run.id}`);
}

export async function retentionCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const v = parseCommand(
    ctx.io,
    'retention',
    argv,
    { 'dry-run': { type: 'boolean' }, apply: { type: 'string' } },
    RETENTION_HELP,
  );
  if (Boolean(v['dry-run']) === (v.apply !== undefined))
    throw new UsageError('give exactly one of --dry-run or --apply <report-id>', 'retention');
  const reportId = v.apply === undefined ? null : Number(v.apply);
  if (reportId !== null && !(Number.isInteger(reportId) && reportId > 0))
    throw new UsageError(`--apply takes a report id, not "${v.apply}"`, 'retention');
  const { EXTENSIONS } = await import('../../platform.js');
  const { createRetention } = await import('../../platform/retention/index.js');
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  return withDatabase(ctx, {}, async ({ handle }) => {
    const retention = createRetention({ handle, extensions: EXTENSIONS });
    try {
      print(ctx, reportId === null ? await retention.dryRun(CLI_ACTOR) : await retention.apply(CLI_ACTOR, reportId));
    } catch (err) {
      // A report not found, carried out already or stale: refused with its reason.
      if (err instanceof AppError) throw new CliFailure(`report #${reportId}: ${err.en}`);
      throw err;
    }
    return 0;
  });
}
