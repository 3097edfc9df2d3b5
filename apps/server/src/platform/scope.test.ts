import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { inScope, pathWithin, requireOrgInScope } from './scope.js';

describe('scope checks on records already read', () => {
  it('a path is within itself and its ancestors, never within a sibling sharing its digits', () => {
    expect(pathWithin('1.23.456', '1.23')).toBe(true);
    expect(pathWithin('1.23', '1.23')).toBe(true);
    expect(pathWithin('1.234', '1.23')).toBe(false);
    expect(pathWithin('1.23', '1.23.456')).toBe(false);
  });

  it('the system actor (no scope path) sees the whole tree', () => {
    expect(inScope({ scopePath: null }, '1.99')).toBe(true);
    expect(inScope({ scopePath: '1.2' }, '1.99')).toBe(false);
  });

  it('requireOrgInScope answers 404 naming the field for a missing, foreign or (when asked) inactive org', () => {
    const s = { scopePath: '1.2' };
    const org = { id: 5, path: '1.2.5', status: 'active' };
    expect(requireOrgInScope(s, org, { field: 'orgId' })).toBe(org);
    for (const [o, opts] of [
      [null, {}],
      [{ path: '1.3.5', status: 'active' }, {}],
      [{ path: '1.2.5', status: 'dissolved' }, { active: true }],
    ] as const) {
      const err = (() => {
        try {
          requireOrgInScope(s, o, { field: 'orgId', ...opts });
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('ORG_NOT_FOUND');
      expect((err as AppError).field).toBe('orgId');
    }
    expect(requireOrgInScope(s, { path: '1.2.5', status: 'dissolved' })).toBeTruthy();
  });
});
