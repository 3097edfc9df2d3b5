import { appendAudit } from '../../platform/audit/audit.service.js';
import { runAsSystem } from '../../platform/scope.js';
import { parseCommand, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';
import { CLI_ACTOR } from './users.js';

export const STATS_HELP = `
jinguo stats rebuild [--source <name,...>]

Recomputes the live counters (the figures of the statistics pages) from the records: after a reorganization,
the figures then follow today's structure; also a repair tool. Each module registers its source; all by default.
`;

export async function statsCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.out(STATS_HELP.trim());
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'rebuild') throw new UsageError(`unknown subcommand "stats ${sub}"`, 'stats');
  const v = parseCommand(ctx.io, 'stats rebuild', rest, { source: { type: 'string' } }, STATS_HELP);
  // The counter sources the modules declare.
  const { EXTENSIONS } = await import('../../platform.js');
  const { rebuildCounters } = await import('../../platform/stats/index.js');
  const known = EXTENSIONS.statistics.map((s) => s.name);
  const names = v.source
    ? v.source
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  for (const n of names ?? [])
    if (!known.includes(n))
      throw new UsageError(`unknown source "${n}"; there are: ${known.join(', ') || '(none)'}`, 'stats rebuild');
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  return withDatabase(ctx, {}, async ({ handle }) => {
    const started = Date.now();
    const report = await rebuildCounters(handle, EXTENSIONS.statistics, names);
    await runAsSystem(handle, CLI_ACTOR, (s) =>
      appendAudit(s.tx, s.actor, {
        action: 'stats.rebuild',
        targetType: 'stat_counters',
        reason: 'jinguo stats rebuild',
        after: { report },
      }),
    );
    for (const r of report) ctx.io.out(`${r.source}: ${r.rows} counter rows`);
    ctx.io.out(`Rebuilt ${report.length} source(s) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  });
}
