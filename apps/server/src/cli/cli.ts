import { loadConfig, type Config } from '../platform/config.js';
import { chinaToday } from '../platform/time.js';
import { CliFailure, HelpShown, processIo, UsageError, type CliContext, type CliIo } from './context.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';

export const MAIN_HELP = `
jinguo — operator commands of the Jinguo 巾帼 platform

Usage: npm run jinguo -- <command> [options]     (or: npx jinguo <command> [options])

Commands:
  init --production          prepare an empty database for production: divisions or a root org, one admin
  users create               create an account with a one-time password
  users reset-password       give an account a new one-time password and unlock it
  users unlock               lift a lockout
  orgs import-divisions      import a province's administrative divisions (idempotent)
  audit verify               verify the keyed audit chain against its signed checkpoints
  calendar show | load       holiday schedules (working days); load next year's from the State Council notice
  stats rebuild              recompute the live counters from the records
  retention --dry-run        report personal data past its retention period; --apply <id> carries a report out
  backup --out <file>        back up the database
  restore --from <file>      restore a backup

Run \`jinguo <command> --help\` for the options of a command.

The database is the one the server uses: DATABASE_URL (PostgreSQL) if set, else the embedded PGlite database in
JINGUO_DATA_DIR (default ./data). Every change is recorded in the audit trail as the actor system:cli.
Exit codes: 0 done, 1 failed or refused, 2 wrong usage.
`;

export interface RunOptions {
  io?: CliIo;
  /** Overrides of the environment's configuration (tests point dataDir at a temporary directory). */
  config?: Partial<Config>;
  today?: () => string;
}

/** Runs one command line and returns its exit code; never calls process.exit (tests run it in-process). */
export async function runCli(argv: string[], opts: RunOptions = {}): Promise<number> {
  const io = opts.io ?? processIo;
  const [command, ...rest] = argv;
  let ctx: CliContext | undefined;
  try {
    if (command === undefined) {
      io.err(MAIN_HELP.trim());
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(MAIN_HELP.trim());
      return 0;
    }
    ctx = { io, config: loadConfig(opts.config ?? {}) };
    switch (command) {
      // Commands load lazily: `--help` should not pay for PGlite, drizzle and argon2.
      case 'init':
        return await (await import('./commands/init.js')).initCommand(ctx, rest, opts.today ?? chinaToday);
      case 'users':
        return await (await import('./commands/users.js')).usersCommand(ctx, rest);
      case 'orgs':
        return await (await import('./commands/orgs.js')).orgsCommand(ctx, rest);
      case 'audit':
        return await (await import('./commands/audit.js')).auditCommand(ctx, rest);
      case 'calendar':
        return await (await import('./commands/calendar.js')).calendarCommand(ctx, rest, opts.today ?? chinaToday);
      case 'stats':
        return await (await import('./commands/stats.js')).statsCommand(ctx, rest);
      case 'retention':
        return await (await import('./commands/retention.js')).retentionCommand(ctx, rest);
      case 'backup':
        return await (await import('./commands/backup.js')).backupCommand(ctx, rest);
      case 'restore':
        return await (await import('./commands/backup.js')).restoreCommand(ctx, rest);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof HelpShown) return 0;
    if (err instanceof UsageError) {
      io.err(`jinguo: ${err.message}`);
      io.err(`Run \`jinguo ${err.command ? `${err.command} ` : ''}--help\` for usage.`);
      return 2;
    }
    if (err instanceof CliFailure || err instanceof DataDirLockedError) {
      io.err(`jinguo: ${err.message}`);
      return 1;
    }
    io.err(`jinguo: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
