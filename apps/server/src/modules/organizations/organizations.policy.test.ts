import { describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '@jinguo/contracts';
import type { UserActor } from '../../platform/scope.js';
import { federationName, pinyinKeys } from './organizations.names.policy.js';
import { allowedOrgActions } from './organizations.policy.js';

const actor = (roles: Role[], scopePath: string): UserActor => ({
  kind: 'user',
  userId: 1,
  username: 'u',
  displayName: 'u',
  roles,
  permissions: new Set(permissionsOf(roles)),
  homeOrgId: 1,
  homePath: scopePath,
  scope: { orgId: 1, path: scopePath, orgType: 'village_federation' },
  request: { ip: null, userAgent: null, requestId: null },
  session: { tokenHash: '', csrfToken: '' },
});
const village = { id: 9, type: 'village_federation' as const, status: 'active', path: '1.2.3.9' };

describe('allowed organization actions (the permission matrix)', () => {
  it.each([
    ['cadre above', ['cadre'], '1.2', ['edit', 'createChild', 'reorganize', 'manageOfficers']],
    ['cadre of the village itself', ['cadre'], '1.2.3.9', ['edit', 'createChild', 'manageOfficers']],
    ['system admin above', ['system_admin'], '1', ['edit', 'createChild', 'reorganize']],
    ['auditor', ['auditor'], '1', []],
    ['executive member', ['executive_member'], '1.2.3.9', []],
    ['volunteer', ['volunteer'], '1.2.3.9', []],
  ] as const)('%s', (_name, roles, path, expected) => {
    expect(allowedOrgActions(actor([...roles], path), village)).toEqual(expected);
  });
  it('offers nothing on a merged or dissolved org', () =>
    expect(allowedOrgActions(actor(['cadre'], '1'), { ...village, status: 'merged' })).toEqual([]));
  it("offers no child creation under a women's group", () => {
    expect(allowedOrgActions(actor(['cadre'], '1'), { ...village, type: 'womens_group' })).not.toContain('createChild');
  });
});

describe('names', () => {
  it('derives federation names from division names', () => {
    expect(federationName('东方广场社区居民委员会')).toBe('东方广场社区妇联');
    expect(federationName('龙泉村村民委员会')).toBe('龙泉村妇联');
    expect(federationName('万州区')).toBe('万州区妇联');
  });
  it('keys pinyin with polyphones right (重庆 is chongqing) and initials', () => {
    expect(pinyinKeys('重庆市妇联')).toEqual({ namePinyin: 'chongqingshifulian', nameInitials: 'cqsfl' });
    expect(pinyinKeys('张晓梅').nameInitials).toBe('zxm');
  });
});
