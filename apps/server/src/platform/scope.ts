import { sql, type SQL } from 'drizzle-orm';
import type { Permission, Role } from '@jinguo/contracts';
import type { DbHandle, Tx } from './db/client.js';
import { inlineSql } from './db/inline.js';
import { withCommitHooks } from './db/commit-hooks.js';
import { AppError } from './errors.js';

/** Where a request comes from; recorded in audit events. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** A signed-in user acting within one org of her subtree (the org switcher). */
export interface UserActor {
  kind: 'user';
  userId: number;
  username: string;
  displayName: string;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  homeOrgId: number;
  homePath: string;
  /** The acting org: the home org or one inside its subtree. */
  scope: { orgId: number; path: string; orgType: string };
  request: RequestInfo;
  session: { tokenHash: string; csrfToken: string };
}

/** The platform itself (demo loader, CLI, jobs): unscoped, and named in the audit trail. */
export interface SystemActor {
  kind: 'system';
  name: string;
  request: RequestInfo;
}

export type Actor = UserActor | SystemActor;

/**
 * A transaction opened for an actor. Repositories take this, never a bare connection, so every read of scoped
 * data carries the actor's subtree (`scopePath`); `null` only for the system actor.
 */
export interface Scoped {
  readonly tx: Tx;
  readonly actor: Actor;
  readonly scopePath: string | null;
  /** Set when the acting org is a mobile federation (流动妇联): it reaches the women it serves, not a subtree of them. */
  readonly mobileOrgId: number | null;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('FORBIDDEN');
}

/** The actor's scope without an open transaction: what a single-statement read needs to build its SQL. */
export type ReadScope = Pick<Scoped, 'actor' | 'scopePath' | 'mobileOrgId'>;

const PATH = /^[0-9]+(\.[0-9]+)*$/;
function checkedPath(path: string): string {
  if (!PATH.test(path)) throw new Error(`not an org path: ${JSON.stringify(path)}`);
  return path;
}
function checkedId(id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`not an id: ${String(id)}`);
  return String(id);
}

/** What `runScoped` and `readScoped` bind to the transaction: role, subtree, mobile federation, user. */
export function readScopeOf(actor: UserActor): ReadScope {
  return {
    actor,
    scopePath: actor.scope.path,
    mobileOrgId: actor.scope.orgType === 'mobile_federation' ? actor.scope.orgId : null,
  };
}

/**
 * The statement that opens the second lock: the transaction switches to the non-superuser role `jinguo_app` and
 * sets `jinguo.scope_path` (and the mobile-federation reach and user id) for its own duration only. The values are
 * checked to be an org path (digits and dots) and ids, so the statement is safe to send with inline literals.
 */
export function scopeSetup(actor: UserActor): SQL {
  const { scopePath, mobileOrgId } = readScopeOf(actor);
  const path = checkedPath(scopePath!);
  const mobileOrg = mobileOrgId === null ? '' : checkedId(mobileOrgId);
  const mobileHome = mobileOrgId === null ? '' : path.split('.').slice(0, -1).join('.');
  return sql`select set_config('role', 'jinguo_app', true), set_config('jinguo.scope_path', ${path}, true),
      set_config('jinguo.mobile_org', ${mobileOrg}, true), set_config('jinguo.mobile_home', ${mobileHome}, true),
      set_config('jinguo.user_id', ${checkedId(actor.userId)}, true)`;
}

const SETUP_CACHE_MAX = 10_000;
const setupTexts = new Map<string, string>();

/**
 * `scopeSetup` with its literals written in, as every scoped read and transaction sends it: a pure function of the
 * path, the mobile federation and the user, so each distinct one is rendered once (a few microseconds a request).
 */
export function scopeSetupText(actor: UserActor): string {
  const { scopePath, mobileOrgId } = readScopeOf(actor);
  const key = `${scopePath}|${mobileOrgId}|${actor.userId}`;
  let text = setupTexts.get(key);
  if (text === undefined) {
    text = inlineSql(scopeSetup(actor));
    if (setupTexts.size >= SETUP_CACHE_MAX) setupTexts.clear();
    setupTexts.set(key, text);
  }
  return text;
}

/**
 * Runs `fn` in one transaction as the actor. On both databases the transaction switches to the non-superuser
 * role `jinguo_app` and sets `jinguo.scope_path`, so row-level security admits only the actor's subtree even if
 * a repository forgot its predicate (docs/decisions/0002). On PostgreSQL the BEGIN and that setup travel in one
 * round trip (docs/decisions/0006).
 */
export async function runScoped<T>(handle: DbHandle, actor: UserActor, fn: (s: Scoped) => Promise<T>): Promise<T> {
  const scope = readScopeOf(actor);
  return handle.transactionAfter(scopeSetupText(actor), (tx) => fn({ tx, ...scope }));
}

/**
 * A read that is one statement: sent together with the scope setup as one simple-protocol message, so it costs
 * one round trip and runs in one implicit transaction as `jinguo_app` with the scope set — the same two locks as
 * `runScoped` (the statement's own `inSubtree` predicates and row-level security). The statement is prepared once
 * per connection and executed with its parameters as literals (scalars only). Returns its rows (docs/decisions/0006).
 * With `timeoutMs`, PostgreSQL cancels the statement after that long and the caller gets READ_TIMED_OUT (503): a read
 * whose cost grows with a subtree must not hold a pooled connection for minutes (docs/decisions/0017).
 */
export async function readScoped<T>(
  handle: DbHandle,
  actor: UserActor,
  statement: (s: ReadScope) => SQL,
  opts: { timeoutMs?: number } = {},
): Promise<T[]> {
  const setup = scopeSetupText(actor);
  if (opts.timeoutMs === undefined) return handle.readAfter<T>(setup, statement(readScopeOf(actor)));
  try {
    const timeout = statementTimeout(opts.timeoutMs);
    return await handle.readAfter<T>(`${setup};\n${timeout}`, statement(readScopeOf(actor)), { prepareAfter: timeout });
  } catch (err) {
    if ((err as { code?: unknown }).code === QUERY_CANCELED) throw new AppError('READ_TIMED_OUT');
    throw err;
  }
}

/** SQLSTATE 57014: the statement was cancelled (here: by its statement_timeout). */
const QUERY_CANCELED = '57014';
/** For the rest of the implicit transaction, i.e. the read that follows it in the same message. */
function statementTimeout(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new Error(`not a timeout: ${String(ms)}`);
  return `select set_config('statement_timeout', '${ms}', true)`;
}

const LIFT_ROW_SECURITY = `select set_config('role', 'none', true)`;
const RESTORE_ROW_SECURITY = `select set_config('role', 'jinguo_app', true)`;

/**
 * A read in two phases as one message (one round trip, one implicit transaction): `lifted` runs with row-level
 * security lifted, for index-assisted lookups that PostgreSQL will not run under RLS (see withRowSecurityLifted), and
 * may pass only ids forward, through a transaction-local setting, never rows to the caller; then `statement` runs as
 * `jinguo_app` with RLS back on and returns the rows. Both keep the app's scope predicate (docs/decisions/0017).
 */
export async function readScopedLifted<T>(
  handle: DbHandle,
  actor: UserActor,
  lifted: (s: ReadScope) => SQL[],
  statement: (s: ReadScope) => SQL,
): Promise<T[]> {
  const s = readScopeOf(actor);
  return handle.readAfter<T>(scopeSetupText(actor), [
    LIFT_ROW_SECURITY,
    ...lifted(s),
    RESTORE_ROW_SECURITY,
    statement(s),
  ]);
}

/**
 * Runs `fn` with row-level security lifted, inside the actor's transaction. For index-assisted lookups only:
 * PostgreSQL will not use non-leakproof operators (LIKE, trigram similarity) as index conditions under RLS, so a
 * search would read a whole district. The lookup keeps the app's scope predicate and may return ids only; callers
 * read the rows themselves back under RLS, which drops anything outside the scope (docs/decisions/0002).
 */
export async function withRowSecurityLifted<T>(s: Scoped, fn: () => Promise<T>): Promise<T> {
  if (s.scopePath === null && s.mobileOrgId === null) return fn();
  await s.tx.execute(sql.raw(LIFT_ROW_SECURITY));
  try {
    return await fn();
  } finally {
    await s.tx.execute(sql.raw(RESTORE_ROW_SECURITY));
  }
}

export async function runAsSystem<T>(handle: DbHandle, actor: SystemActor, fn: (s: Scoped) => Promise<T>): Promise<T> {
  return handle.db.transaction((tx) =>
    withCommitHooks(tx, (t) => fn({ tx: t, actor, scopePath: null, mobileOrgId: null })),
  );
}

export function systemActor(name: string): SystemActor {
  return { kind: 'system', name, request: { ip: null, userAgent: null, requestId: null } };
}

/**
 * Whether an org path is `ancestor` or lies below it (`1.23.456` is within `1.23`, `1.234` is not): the in-memory
 * twin of `<@`, for a record already read. Every "is this in my subtree" check in a module goes through here.
 */
export function pathWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/** The district (区县) of an org path: its second label (the city is the first), or null for the city itself. */
export function districtIdOfPath(path: string): number | null {
  const label = path.split('.')[1];
  return label ? Number(label) : null;
}

/** Whether a path lies in the scope (the system actor's scope is the whole tree). */
export function inScope(s: Pick<Scoped, 'scopePath'>, path: string): boolean {
  return s.scopePath === null || pathWithin(path, s.scopePath);
}

/**
 * The org a use case was given, required to exist and to lie in the scope (and, with `active`, to be active):
 * otherwise 404 ORG_NOT_FOUND naming `field` — an org outside the subtree is not found, never forbidden. Call it at
 * the start of every use case that takes an org.
 */
export function requireOrgInScope<O extends { path: string; status?: string }>(
  s: Pick<Scoped, 'scopePath'>,
  org: O | null | undefined,
  opts: { field?: string; active?: boolean } = {},
): O {
  if (!org || !inScope(s, org.path) || (opts.active === true && org.status !== 'active'))
    throw new AppError('ORG_NOT_FOUND', opts.field ? { field: opts.field } : {});
  return org;
}

/** `column <@ scope`: the one predicate that confines a query to the actor's subtree. */
export function inSubtree(s: Pick<Scoped, 'scopePath'>, pathColumn: SQL | { getSQL(): SQL }): SQL {
  if (s.scopePath === null) return sql`true`;
  return sql`${pathColumn} <@ ${s.scopePath}::ltree`;
}

/**
 * The same confinement as inSubtree (`ltree_risparent(a, b)` is `a <@ b`), written as a function call so the planner
 * never turns it into an index condition. For rows reached through another index (an id, a parent, an org): in a
 * prepared statement's generic plan the planner cannot see how wide the scope is, and may AND a path-index scan over
 * the whole scope — a city-wide scope reads the whole tree — into a lookup that touches a handful of rows.
 */
export function inSubtreeFilter(s: Pick<Scoped, 'scopePath'>, pathColumn: SQL | { getSQL(): SQL }): SQL {
  if (s.scopePath === null) return sql`true`;
  return sql`ltree_risparent(${pathColumn}, ${s.scopePath}::ltree)`;
}

export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? actor.username : `system:${actor.name}`;
}
export function actorId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** Who calls the public portal: a signed-in resident, or an anonymous asker holding a tracking code (or neither). */
export interface PortalCaller {
  residentId: number | null;
  /** Keyed hash of the tracking code the caller presented. */
  trackingHash: string | null;
  request: RequestInfo;
}

/**
 * Runs `fn` in one transaction for the public portal, as the database role `jinguo_portal`: it is granted org names,
 * the published catalogue, and — by row-level security — only the caller's own requests (`jinguo.resident_id`) or the
 * one whose tracking code she holds (`jinguo.tracking_hash`). No staff scope is set, so staff tables stay closed.
 */
export async function runAsPortal<T>(
  handle: DbHandle,
  caller: PortalCaller,
  fn: (s: Scoped) => Promise<T>,
): Promise<T> {
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'jinguo_portal', true), set_config('jinguo.scope_path', '', true),
      set_config('jinguo.resident_id', ${caller.residentId === null ? '' : String(caller.residentId)}, true),
      set_config('jinguo.tracking_hash', ${caller.trackingHash ?? ''}, true)`);
    const name = caller.residentId !== null ? `portal:resident:${caller.residentId}` : 'portal:anonymous';
    const actor = { kind: 'system', name, request: caller.request } as const;
    return withCommitHooks(tx, (t) => fn({ tx: t, actor, scopePath: null, mobileOrgId: null }));
  });
}
