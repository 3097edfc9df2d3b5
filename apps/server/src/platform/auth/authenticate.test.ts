import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, ACTING_ORG_HEADER, SESSION_COOKIE } from './authenticate.js';
import type { SessionStore, SessionUser } from './sessions.js';

const session: SessionUser = {
  tokenHash: 'h',
  csrfToken: 'c',
  userId: 7,
  username: 'city.cadre',
  displayName: '刘干事',
  roles: ['cadre'],
  orgId: 1,
  orgPath: '1',
  orgType: 'city_federation',
  status: 'active',
  mustChangePassword: false,
  passwordChangedAt: new Date(),
  secondFactorPending: false,
  lastSeenAt: new Date(),
  expiresAt: new Date(Date.now() + 3_600_000),
};
const sessions = { resolve: () => Promise.resolve(session) } as unknown as SessionStore;
const request = (acting: string) =>
  ({
    method: 'GET',
    cookies: { [SESSION_COOKIE]: 'token' },
    headers: { [ACTING_ORG_HEADER]: acting },
    ip: '127.0.0.1',
    id: 'r',
  }) as unknown as FastifyRequest;

/** The org switcher's org is looked up once per few seconds, not on every request; a refusal is never remembered. */
describe('the acting org (X-Acting-Org)', () => {
  function authenticator(cacheMs: number, paths: Map<number, string>) {
    const calls: number[] = [];
    const authenticate = createAuthenticator({
      sessions,
      orgPathWithin: (orgId) => {
        calls.push(orgId);
        const path = paths.get(orgId);
        return Promise.resolve(path ? { path, type: 'district_federation' } : null);
      },
      passwordMaxAgeDays: 90,
      actingCacheMs: cacheMs,
    });
    return { authenticate, calls };
  }

  it('reads an acting org once while it is trusted, and the scope is the org read', async () => {
    const { authenticate, calls } = authenticator(60_000, new Map([[23, '1.23']]));
    for (let i = 0; i < 5; i++) {
      const actor = await authenticate(request('23'), { allowPasswordChange: false });
      expect(actor.scope).toEqual({ orgId: 23, path: '1.23', orgType: 'district_federation' });
    }
    expect(calls).toEqual([23]);
  });

  it('asks again for an org it refused, and on every request when caching is off', async () => {
    const paths = new Map<number, string>();
    const { authenticate, calls } = authenticator(60_000, paths);
    await expect(authenticate(request('24'), { allowPasswordChange: false })).rejects.toMatchObject({
      code: 'ORG_NOT_FOUND',
    });
    paths.set(24, '1.24');
    expect((await authenticate(request('24'), { allowPasswordChange: false })).scope.path).toBe('1.24');
    expect(calls).toEqual([24, 24]);

    const off = authenticator(0, new Map([[23, '1.23']]));
    await off.authenticate(request('23'), { allowPasswordChange: false });
    await off.authenticate(request('23'), { allowPasswordChange: false });
    expect(off.calls).toEqual([23, 23]);
  });
});
