import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { YearScheduleInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { openCalendar } from '../../platform/calendar/index.js';
import { runAsSystem } from '../../platform/scope.js';
import { AppError } from '../../platform/errors.js';
import { CliFailure, parseCommand, required, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';
import { CLI_ACTOR } from './users.js';

export const CALENDAR_HELP = `
jinguo calendar <subcommand>

Subcommands:
  show   the years with a holiday schedule, where each comes from, and a warning when one is missing
  load   load a year's schedule (the State Council's notice) from a JSON file; it wins over a shipped file

Deadlines in working days count China's public holidays and make-up workdays (调休上班). The platform ships the
years in apps/server/data/holidays/; next year's schedule is published late in the year before: load it with
\`jinguo calendar load --file 2027.json\` (same format as the shipped files). Running servers pick it up within 10 minutes.
`;

const LOAD_HELP = `
jinguo calendar load --file <path>

The file: {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知", "holidays": [{"date": "2027-01-01",
"name": "元旦"}, …], "workdays": [{"date": "…", "name": "春节补班"}, …]} — every holiday date, and the weekend
days that are working days. Checked before it is stored (dates in the year, make-up workdays on weekends, no date twice,
all seven statutory holidays: 元旦 春节 清明节 劳动节 端午节 中秋节 国庆节). Running servers count provisional deadlines
of that year again once they pick it up.
`;

export async function calendarCommand(ctx: CliContext, argv: string[], today: () => string): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.out(CALENDAR_HELP.trim());
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'show') {
    parseCommand(ctx.io, 'calendar show', rest, {}, CALENDAR_HELP);
    return withDatabase(ctx, {}, async ({ handle }) => {
      const store = await openCalendar(handle.db, { log: () => {} });
      const o = store.overview(today());
      ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
      for (const y of o.years)
        ctx.io.out(
          `${y.year}  ${String(y.holidays).padStart(2)} holidays  ${String(y.workdays).padStart(2)} make-up workdays  ${y.origin}${y.loadedBy ? ` (${y.loadedBy}, ${y.loadedAt})` : ''}  ${y.source}`,
        );
      if (o.warning) ctx.io.err(`warning: ${o.warning['en-US']}`);
      return 0;
    });
  }
  if (sub !== 'load') throw new UsageError(`unknown subcommand "calendar ${sub}"`, 'calendar');
  const v = parseCommand(ctx.io, 'calendar load', rest, { file: { type: 'string' } }, LOAD_HELP);
  const path = resolve(required(v, 'file', 'calendar load'));
  let input: YearScheduleInput;
  try {
    const parsed = YearScheduleInput.safeParse(JSON.parse(readFileSync(path, 'utf8')) as unknown);
    if (!parsed.success)
      throw new CliFailure(
        `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`,
      );
    input = parsed.data;
  } catch (err) {
    if (err instanceof CliFailure) throw err;
    throw new CliFailure(`${path}: ${(err as Error).message}`);
  }
  return withDatabase(ctx, {}, async ({ handle }) => {
    const store = await openCalendar(handle.db, { log: () => {} });
    try {
      await runAsSystem(handle, CLI_ACTOR, async (s) => {
        await store.save(s.tx, input, CLI_ACTOR.name);
        await appendAudit(s.tx, s.actor, {
          action: 'calendar.load',
          targetType: 'calendar_year',
          targetId: input.year,
          reason: 'jinguo calendar load',
          after: {
            year: input.year,
            source: input.source,
            holidays: input.holidays.length,
            workdays: input.workdays.length,
          },
        });
      });
    } catch (err) {
      if (err instanceof AppError) throw new CliFailure(`${path}: ${err.en}`);
      throw err;
    }
    ctx.io.out(
      `Loaded the ${input.year} schedule: ${input.holidays.length} holidays, ${input.workdays.length} make-up workdays (${describeDatabase(ctx.config)}).`,
    );
    return 0;
  });
}
