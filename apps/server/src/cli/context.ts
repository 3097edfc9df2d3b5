import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../platform/config.js';

/** Where a command writes: stdout for results, stderr for warnings. Tests pass collectors. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Wrong arguments: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The command ran and refused or failed: exit code 1, with the message only (no stack). */
export class CliFailure extends Error {}

export interface CliContext {
  io: CliIo;
  config: Config;
}

/** Signals that --help was printed and the command should stop with exit code 0. */
export class HelpShown extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with the CLI's conventions: strict, no positionals, --help on every command, and unknown or
 * malformed options turned into a UsageError that names the command.
 */
export function parseCommand<const O extends Options>(
  io: CliIo,
  command: string,
  argv: string[],
  options: O,
  help: string,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help.trimEnd());
    throw new HelpShown();
  }
  return parsed.values as { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };
}

export function required(values: Record<string, unknown>, name: string, command: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`, command);
  return v.trim();
}
