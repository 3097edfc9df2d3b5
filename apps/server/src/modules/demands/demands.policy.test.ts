import { describe, expect, it } from 'vitest';
import {
  DEMAND_STATES,
  demandTransition,
  permissionsOf,
  type DemandAction,
  type DemandState,
  type Role,
} from '@jinguo/contracts';
import {
  allowedDemandActions,
  checkTransition,
  helpTitle,
  rolesOf,
  type DemandActor,
  type DemandFacts,
} from './demands.policy.js';

const VILLAGE = { id: 40, path: '1.2.30.40' };
const TOWN = { id: 30, path: '1.2.30' };
const DISTRICT = { id: 2, path: '1.2' };
const OTHER_TOWN = { id: 31, path: '1.2.31' };

const user = (roles: Role[], org: { id: number; path: string }, userId = 7): DemandActor => ({
  kind: 'user',
  userId,
  permissions: new Set(permissionsOf(roles)),
  actingOrgId: org.id,
  actingPath: org.path,
});
const facts = (over: Partial<DemandFacts> = {}): DemandFacts => ({
  orgId: VILLAGE.id,
  state: 'received',
  assigneeUserId: null,
  residentId: null,
  trackingHash: null,
  escalatedToOrgId: null,
  escalatedToPath: null,
  personId: null,
  ...over,
});

describe('the demand state machines', () => {
  it('route a signed demand three ways: 办理, 协调转办, 建议', () => {
    expect(demandTransition('accept', 'signed')).toBe('accepted');
    expect(demandTransition('transfer', 'signed')).toBe('transferred');
    expect(demandTransition('answer', 'transferred')).toBe('answered');
    expect(demandTransition('suggest', 'signed')).toBe('suggested');
    for (const s of ['accepted', 'answered', 'suggested'] as const)
      expect(demandTransition('reply', s)).toBe('replied');
  });

  it('close on a good rating and reopen on 不满意', () => {
    expect(demandTransition('rate', 'replied', 'satisfied')).toBe('closed');
    expect(demandTransition('rate', 'replied', 'basically_satisfied')).toBe('closed');
    expect(demandTransition('rate', 'replied', 'unsatisfied')).toBe('reopened');
    for (const a of ['accept', 'transfer', 'suggest', 'dispatch'] as const)
      expect(demandTransition(a, 'reopened')).not.toBeNull();
  });

  it('refuses what the federation rule does not allow', () => {
    const illegal: [DemandAction, DemandState][] = [
      ['reply', 'received'],
      ['reply', 'transferred'],
      ['answer', 'accepted'],
      ['rate', 'accepted'],
      ['rate', 'closed'],
      ['sign', 'signed'],
      ['transfer', 'accepted'],
      ['suggest', 'transferred'],
      ['cancel', 'accepted'],
      ['cancel', 'closed'],
      ['reopen', 'received'],
      ['convert_to_case', 'closed'],
    ];
    for (const [a, s] of illegal) expect(demandTransition(a, s), `${a} from ${s}`).toBeNull();
  });

  it('leaves no state without a way out except the terminal ones', () => {
    const terminal = new Set<DemandState>(['cancelled', 'case']);
    const actions: DemandAction[] = [
      'sign',
      'dispatch',
      'accept',
      'decline',
      'transfer',
      'answer',
      'suggest',
      'reply',
      'rate',
      'close',
      'reopen',
      'cancel',
      'convert_to_case',
    ];
    for (const s of DEMAND_STATES) {
      const exits = actions.filter((a) => demandTransition(a, s, 'satisfied') !== null);
      expect(exits.length > 0, s).toBe(!terminal.has(s));
    }
  });
});

describe('who may act', () => {
  it('turning a demand into a rights case is offered to the owner or supervisor who takes cases in, while the demand is open', () => {
    expect(allowedDemandActions(user(['cadre'], VILLAGE), facts({ state: 'accepted' }))).toContain('convert_to_case');
    expect(allowedDemandActions(user(['cadre'], VILLAGE), facts({ state: 'replied' }))).not.toContain(
      'convert_to_case',
    );
    expect(allowedDemandActions(user(['cadre'], VILLAGE), facts({ state: 'case' }))).not.toContain('convert_to_case');
    expect(allowedDemandActions(user(['cadre'], TOWN), facts({ state: 'accepted' }))).not.toContain('convert_to_case');
    expect(
      allowedDemandActions(user(['volunteer'], VILLAGE, 7), facts({ state: 'accepted', assigneeUserId: 7 })),
    ).not.toContain('convert_to_case');
  });

  it('the owner org acts; its parent only watches until the demand is escalated to it', () => {
    const d = facts({ state: 'signed' });
    expect(checkTransition(rolesOf(user(['cadre'], VILLAGE), d), 'accept', 'signed')).toEqual({
      ok: true,
      to: 'accepted',
    });
    expect(checkTransition(rolesOf(user(['cadre'], TOWN), d), 'accept', 'signed')).toEqual({
      ok: false,
      error: 'DEMAND_ACTION_FORBIDDEN',
    });
    expect(allowedDemandActions(user(['cadre'], TOWN), d)).toEqual([]);
  });

  it('the org the demand was escalated to, and those above it, supervise (督办); a sibling does not', () => {
    const d = facts({ state: 'accepted', escalatedToOrgId: TOWN.id, escalatedToPath: TOWN.path });
    expect(allowedDemandActions(user(['cadre'], TOWN), d)).toEqual(['convert_to_case', 'comment', 'urge', 'reassign']);
    expect(allowedDemandActions(user(['cadre'], DISTRICT), d)).toEqual([
      'convert_to_case',
      'comment',
      'urge',
      'reassign',
    ]);
    expect(allowedDemandActions(user(['cadre'], OTHER_TOWN), d)).toEqual([]);
    // the owner keeps handling it and may comment, but does not supervise itself
    expect(allowedDemandActions(user(['cadre'], VILLAGE), d)).toEqual(['reply', 'convert_to_case', 'comment']);
  });

  it('a volunteer takes (接单), declines or replies only to what was dispatched to her', () => {
    const volunteer = user(['volunteer'], VILLAGE, 99);
    expect(allowedDemandActions(volunteer, facts({ state: 'dispatched', assigneeUserId: 99 }))).toEqual([
      'accept',
      'decline',
    ]);
    expect(allowedDemandActions(volunteer, facts({ state: 'accepted', assigneeUserId: 99 }))).toEqual(['reply']);
    expect(allowedDemandActions(volunteer, facts({ state: 'dispatched', assigneeUserId: 98 }))).toEqual([]);
    expect(
      checkTransition(rolesOf(volunteer, facts({ state: 'accepted', assigneeUserId: 99 })), 'transfer', 'accepted').ok,
    ).toBe(false);
  });

  it('the requester rates and withdraws her own request; a stranger nothing', () => {
    const her: DemandActor = { kind: 'resident', residentId: 5, trackingHash: null };
    const stranger: DemandActor = { kind: 'resident', residentId: 6, trackingHash: null };
    expect(allowedDemandActions(her, facts({ state: 'replied', residentId: 5 }))).toEqual(['rate']);
    expect(allowedDemandActions(her, facts({ state: 'received', residentId: 5 }))).toEqual(['cancel']);
    expect(allowedDemandActions(stranger, facts({ state: 'replied', residentId: 5 }))).toEqual([]);
    const anonymous: DemandActor = { kind: 'resident', residentId: null, trackingHash: 'h1' };
    expect(allowedDemandActions(anonymous, facts({ state: 'replied', trackingHash: 'h1' }))).toEqual(['rate']);
    expect(
      allowedDemandActions(
        { kind: 'resident', residentId: null, trackingHash: 'h2' },
        facts({ state: 'replied', trackingHash: 'h1' }),
      ),
    ).toEqual([]);
  });

  it('roles without demand permissions get nothing (三员分立, executive members)', () => {
    for (const r of ['system_admin', 'auditor', 'executive_member', 'case_worker'] as Role[])
      expect(allowedDemandActions(user([r], VILLAGE), facts({ state: 'signed' }))).toEqual([]);
  });

  it('offers linking the requester to a registry person only for an unlinked resident', () => {
    expect(allowedDemandActions(user(['cadre'], VILLAGE), facts({ residentId: 5 }))).toContain('link_requester');
    expect(allowedDemandActions(user(['cadre'], VILLAGE), facts({ residentId: 5, personId: 3 }))).not.toContain(
      'link_requester',
    );
  });
});

describe("a resident's request for help is titled", () => {
  it('with 求助 once, whatever the category is called', () => {
    expect(helpTitle('维权求助', '丈夫喝酒后打人')).toBe('维权求助：丈夫喝酒后打人');
    expect(helpTitle('法律咨询', '离婚后孩子的抚养费')).toBe('法律咨询求助：离婚后孩子的抚养费');
  });
  it('with the start of what she wrote, folded and cut at 24 characters', () => {
    const long = '我  和丈夫\n分居两年，他经常到我工作的地方吵闹，还威胁我的父母，我很害怕不知道怎么办';
    const title = helpTitle('维权求助', long);
    expect(title).toBe('维权求助：我 和丈夫 分居两年，他经常到我工作的地方吵闹，…');
    expect([...title.slice('维权求助：'.length, -1)]).toHaveLength(24);
  });
});
