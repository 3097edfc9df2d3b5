import { eq, sql } from 'drizzle-orm';
import { ROLES, Role, roleConflict, Username } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { users } from '../../platform/auth/auth.tables.js';
import { generateOneTimePassword, hashPassword } from '../../platform/auth/passwords.js';
import { deleteForUsername } from '../../platform/auth/throttle.repository.js';
import { queryRows } from '../../platform/db/client.js';
import { runAsSystem, systemActor, type Scoped } from '../../platform/scope.js';
import { CliFailure, parseCommand, required, UsageError, type CliContext } from '../context.js';
import { describeDatabase, withDatabase } from '../database.js';

export const CLI_ACTOR = systemActor('cli');

export const USERS_HELP = `
jinguo users <subcommand> — manage accounts from the server console

Subcommands:
  create          create an account with a one-time password
  reset-password  replace an account's password with a one-time password, unlock it, end its sessions
  unlock          lift a lockout after too many failed sign-ins

Run \`jinguo users <subcommand> --help\` for the options of each.
`;

const CREATE_HELP = `
jinguo users create --username <u> --name <姓名> --org <code> --roles <role>[,<role>...]

Creates an account at the organization with that code (e.g. 500154 for 开州区妇联) and prints a one-time
password once. The user must change it at the first sign-in.

Options:
  --username <u>   3–40 characters of a-z 0-9 _ . -
  --name <姓名>     display name
  --org <code>     home organization code (national division code where there is one)
  --roles <list>   comma-separated: ${ROLES.join(', ')}
                   三员分立: system_admin, security_officer and auditor cannot be combined with any other role.
  -h, --help       this help
`;

const RESET_HELP = `
jinguo users reset-password --username <u>

Sets a new one-time password (printed once; must be changed at the next sign-in), clears failed attempts and
any lockout, and ends the account's sessions.
`;

const UNLOCK_HELP = `
jinguo users unlock --username <u>

Clears failed sign-in attempts and lifts a lockout. The password is unchanged.
`;

/** A user row for the audit trail: never the password hash. */
export function auditUser(u: typeof users.$inferSelect) {
  const { passwordHash: _h, ...rest } = u;
  return rest;
}

export function parseRoles(raw: string, command: string): Role[] {
  const names = [
    ...new Set(
      raw
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) throw new UsageError('--roles needs at least one role', command);
  for (const n of names) {
    if (!Role.safeParse(n).success)
      throw new UsageError(`unknown role "${n}"; roles are: ${ROLES.join(', ')}`, command);
  }
  const roles = names as Role[];
  if (roleConflict(roles)) {
    throw new CliFailure(
      `三员分立 (separation of duties): ${roles.join(', ')} cannot be held together — system_admin, security_officer and auditor each stand alone`,
    );
  }
  return roles;
}

export function parseUsername(raw: string, command: string): string {
  const r = Username.safeParse(raw);
  if (!r.success) throw new UsageError(`invalid username "${raw}": 3–40 characters of a-z 0-9 _ . -`, command);
  return r.data;
}

/** Inserts an account with a fresh one-time password inside the caller's transaction, and audits it. */
export async function createAccount(
  s: Scoped,
  input: { username: string; displayName: string; org: { id: number; path: string }; roles: Role[] },
) {
  if ((await queryRows(s.tx, sql`select 1 from users where username = ${input.username}`)).length > 0) {
    throw new CliFailure(`the username "${input.username}" is taken`);
  }
  const oneTimePassword = generateOneTimePassword();
  const [created] = await s.tx
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      orgId: input.org.id,
      orgPath: input.org.path,
      roles: input.roles,
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
    })
    .returning();
  await appendAudit(s.tx, s.actor, {
    action: 'user.create',
    targetType: 'user',
    targetId: created!.id,
    orgId: input.org.id,
    orgPath: input.org.path,
    after: auditUser(created!),
  });
  return { user: created!, oneTimePassword };
}

export function printOneTimePassword(ctx: CliContext, username: string, password: string): void {
  ctx.io.out(`One-time password for ${username} (shown once; it must be changed at the first sign-in):`);
  ctx.io.out(`  ${password}`);
}

async function findUser(s: Scoped, username: string) {
  const [u] = await s.tx.select().from(users).where(eq(users.username, username));
  if (!u) throw new CliFailure(`no user "${username}"`);
  return u;
}

export async function usersCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.out(USERS_HELP.trim());
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'create') return createUser(ctx, rest);
  if (sub === 'reset-password') return resetPassword(ctx, rest);
  if (sub === 'unlock') return unlock(ctx, rest);
  throw new UsageError(`unknown subcommand "users ${sub}"`, 'users');
}

async function createUser(ctx: CliContext, argv: string[]): Promise<number> {
  const cmd = 'users create';
  const v = parseCommand(
    ctx.io,
    cmd,
    argv,
    { username: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' }, roles: { type: 'string' } },
    CREATE_HELP,
  );
  const username = parseUsername(required(v, 'username', cmd), cmd);
  const displayName = required(v, 'name', cmd);
  if (displayName.length > 50) throw new UsageError('--name is at most 50 characters', cmd);
  const orgCode = required(v, 'org', cmd);
  const roles = parseRoles(required(v, 'roles', cmd), cmd);
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  const { user, password, org } = await withDatabase(ctx, {}, async ({ handle }) =>
    runAsSystem(handle, CLI_ACTOR, async (s) => {
      const [org] = await queryRows<{ id: number; path: string; name: string; status: string }>(
        s.tx,
        sql`select id, path::text as path, name, status from organizations where code = ${orgCode}`,
      );
      if (!org) throw new CliFailure(`no organization with code "${orgCode}"`);
      if (org.status !== 'active')
        throw new CliFailure(
          `the organization ${orgCode} ${org.name} is ${org.status}: accounts belong to active organizations`,
        );
      const created = await createAccount(s, {
        username,
        displayName,
        org: { id: Number(org.id), path: org.path },
        roles,
      });
      return { user: created.user, password: created.oneTimePassword, org };
    }),
  );
  ctx.io.out(
    `Created user ${user.username} (${user.displayName}), id ${user.id}, roles ${roles.join(', ')}, at ${orgCode} ${org.name}.`,
  );
  printOneTimePassword(ctx, user.username, password);
  return 0;
}

async function resetPassword(ctx: CliContext, argv: string[]): Promise<number> {
  const cmd = 'users reset-password';
  const v = parseCommand(ctx.io, cmd, argv, { username: { type: 'string' } }, RESET_HELP);
  const username = required(v, 'username', cmd);
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const user = await withDatabase(ctx, {}, async ({ handle }) =>
    runAsSystem(handle, CLI_ACTOR, async (s) => {
      const u = await findUser(s, username);
      await s.tx
        .update(users)
        .set({
          passwordHash,
          mustChangePassword: true,
          passwordChangedAt: new Date(),
          failedAttempts: 0,
          lockedUntil: null,
        })
        .where(eq(users.id, u.id));
      await s.tx.execute(sql`delete from sessions where user_id = ${u.id}`);
      await deleteForUsername(s.tx, u.username);
      await appendAudit(s.tx, s.actor, {
        action: 'user.password.reset',
        targetType: 'user',
        targetId: u.id,
        orgId: u.orgId,
        orgPath: u.orgPath,
        reason: 'jinguo users reset-password',
      });
      return u;
    }),
  );
  ctx.io.out(`Password of ${user.username} reset; failed attempts cleared, lockout lifted, sessions ended.`);
  if (user.status !== 'active')
    ctx.io.err(
      `note: the account ${user.username} is ${user.status}; it cannot sign in until an administrator enables it.`,
    );
  printOneTimePassword(ctx, user.username, oneTimePassword);
  return 0;
}

async function unlock(ctx: CliContext, argv: string[]): Promise<number> {
  const cmd = 'users unlock';
  const v = parseCommand(ctx.io, cmd, argv, { username: { type: 'string' } }, UNLOCK_HELP);
  const username = required(v, 'username', cmd);
  ctx.io.out(`database: ${describeDatabase(ctx.config)}`);
  const before = await withDatabase(ctx, {}, async ({ handle }) =>
    runAsSystem(handle, CLI_ACTOR, async (s) => {
      const u = await findUser(s, username);
      await s.tx.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, u.id));
      // the sign-in throttle's counts of the username, from one address and from all (platform/auth/throttle.ts)
      await deleteForUsername(s.tx, u.username);
      await appendAudit(s.tx, s.actor, {
        action: 'user.unlock',
        targetType: 'user',
        targetId: u.id,
        orgId: u.orgId,
        orgPath: u.orgPath,
        reason: 'jinguo users unlock',
        before: { failedAttempts: u.failedAttempts, lockedUntil: u.lockedUntil },
      });
      return u;
    }),
  );
  const wasLocked = before.lockedUntil !== null && before.lockedUntil > new Date();
  ctx.io.out(
    wasLocked
      ? `Unlocked ${before.username} (was locked until ${before.lockedUntil!.toISOString()}).`
      : `${before.username} was not locked; failed attempts reset to 0 (were ${before.failedAttempts}).`,
  );
  return 0;
}
