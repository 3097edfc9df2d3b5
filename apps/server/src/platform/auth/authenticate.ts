import type { FastifyRequest } from 'fastify';
import { permissionsOf, type Permission, type Role } from '@jinguo/contracts';
import { AppError } from '../errors.js';
import type { Authenticate } from '../http/route.js';
import type { UserActor } from '../scope.js';
import type { SessionStore } from './sessions.js';

export const SESSION_COOKIE = 'jinguo_session';
export const CSRF_COOKIE = 'jinguo_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const ACTING_ORG_HEADER = 'x-acting-org';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One shared, read-only permission set per role combination (there are few), not one per request. */
const permissionSets = new Map<string, ReadonlySet<Permission>>();
function permissionSet(roles: readonly Role[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  let set = permissionSets.get(key);
  if (!set) permissionSets.set(key, (set = new Set(permissionsOf(roles))));
  return set;
}

const ACTING_CACHE_MS = 5_000;
const ACTING_CACHE_MAX = 10_000;

/**
 * The org switcher's org (X-Acting-Org), looked up once every few seconds per org and home subtree instead of on every
 * request: a page sends the header with each call. As with the session cache, a reorganization that moves the org is
 * seen within those seconds; until then the old path names a subtree the org has left, which holds nothing of it.
 */
function createActingOrgCache(
  lookup: (orgId: number, withinPath: string) => Promise<{ path: string; type: string } | null>,
  ttlMs: number,
) {
  const cache = new Map<string, { value: { path: string; type: string }; until: number }>();
  return async (orgId: number, withinPath: string) => {
    if (ttlMs <= 0) return lookup(orgId, withinPath);
    const key = `${orgId}@${withinPath}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await lookup(orgId, withinPath);
    if (value === null) return null; // an org not (yet) in the subtree is asked again next time
    if (cache.size >= ACTING_CACHE_MAX) cache.clear();
    cache.set(key, { value, until: now + ttlMs });
    return value;
  };
}

/** Whether a password set at `changedAt` has outlived `maxAgeDays` (PASSWORD_MAX_AGE_DAYS): it must be changed. */
export function passwordExpired(changedAt: Date, maxAgeDays: number, now = Date.now()): boolean {
  return now - changedAt.getTime() > maxAgeDays * 86_400_000;
}

export function requestInfo(request: FastifyRequest) {
  return {
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    requestId: request.id,
  };
}

/**
 * Turns the session cookie into an actor: checks idle timeout, CSRF on unsafe methods, a second factor still owed, a
 * pending forced password change (initial or expired), and the acting org (header X-Acting-Org), which must lie
 * inside the home org's subtree.
 */
export function createAuthenticator(deps: {
  sessions: SessionStore;
  /** The path and type of `orgId` if it lies within `withinPath`, else null. */
  orgPathWithin: (orgId: number, withinPath: string) => Promise<{ path: string; type: string } | null>;
  passwordMaxAgeDays: number;
  /** How long an acting org's path is trusted without reading it again (the session cache's few seconds). */
  actingCacheMs?: number;
}): Authenticate {
  const actingOrgs = createActingOrgCache(deps.orgPathWithin, deps.actingCacheMs ?? ACTING_CACHE_MS);
  return async (request, opts) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('UNAUTHENTICATED');
    const session = await deps.sessions.resolve(token);
    if (session === null) throw new AppError('UNAUTHENTICATED');
    if (session === 'expired') throw new AppError('SESSION_EXPIRED');
    if (session.status !== 'active') {
      await deps.sessions.destroy(token);
      throw new AppError('ACCOUNT_DISABLED');
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError('CSRF_FAILED', { field: CSRF_HEADER });
    }
    // a session that still owes the second factor reaches only the routes that take it (and me, sign-out)
    if (session.secondFactorPending && !opts.allowSecondFactorPending) throw new AppError('SECOND_FACTOR_REQUIRED');
    if (
      !opts.allowPasswordChange &&
      (session.mustChangePassword || passwordExpired(session.passwordChangedAt, deps.passwordMaxAgeDays))
    ) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    let scope = { orgId: session.orgId, path: session.orgPath, orgType: session.orgType };
    const acting = request.headers[ACTING_ORG_HEADER];
    if (typeof acting === 'string' && acting !== '' && acting !== String(session.orgId)) {
      const id = Number(acting);
      const org = Number.isSafeInteger(id) && id > 0 ? await actingOrgs(id, session.orgPath) : null;
      if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'X-Acting-Org' });
      scope = { orgId: id, path: org.path, orgType: org.type };
    }
    const roles = session.roles as Role[];
    const actor: UserActor = {
      kind: 'user',
      userId: session.userId,
      username: session.username,
      displayName: session.displayName,
      roles,
      permissions: permissionSet(roles),
      homeOrgId: session.orgId,
      homePath: session.orgPath,
      scope,
      request: requestInfo(request),
      session: { tokenHash: session.tokenHash, csrfToken: session.csrfToken },
    };
    return actor;
  };
}
