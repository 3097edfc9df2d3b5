import { describe, expect, it } from 'vitest';
import { CAMPAIGN_MACHINE, CASE_MACHINE, DEMAND_MACHINE, defineStateMachine } from './index.js';

describe('defineStateMachine: the one shape of a workflow', () => {
  const door = defineStateMachine<'open' | 'shut' | 'locked', 'close' | 'lock' | 'open', 'owner' | 'guest'>({
    states: ['open', 'shut', 'locked'],
    transitions: {
      close: { from: ['open'], to: 'shut' },
      lock: { from: ['shut'], to: 'locked', by: ['owner'] },
      open: { from: ['shut', 'locked'], to: 'open', by: ['owner'] },
    },
  });

  it('leads each action from its states to its target and refuses it elsewhere', () => {
    expect(door.next('close', 'open')).toBe('shut');
    expect(door.next('lock', 'shut')).toBe('locked');
    expect(door.next('lock', 'open')).toBeNull();
    expect(door.next('close', 'locked')).toBeNull();
  });

  it('lists the actions leaving a state, in declaration order, for a party when given', () => {
    expect(door.actionsFrom('shut')).toEqual(['lock', 'open']);
    expect(door.actionsFrom('shut', 'guest')).toEqual([]);
    expect(door.actionsFrom('open', 'guest')).toEqual(['close']);
  });

  it('refuses a machine naming a state it does not declare', () => {
    expect(() =>
      defineStateMachine<'a' | 'b', 'go'>({ states: ['a'], transitions: { go: { from: ['a'], to: 'b' } } }),
    ).toThrow(/unknown state b/);
  });

  it('is the shape of demands, cases and campaigns', () => {
    expect(DEMAND_MACHINE.actionsFrom('replied', 'requester')).toEqual(['rate']);
    expect(DEMAND_MACHINE.actionsFrom('received', 'cases')).toEqual(['convert_to_case']);
    expect(CASE_MACHINE.actionsFrom('follow_up')).toEqual(['begin_handling', 'close']);
    expect(CASE_MACHINE.next('reopen', 'closed')).toBe('assessment');
    expect(CAMPAIGN_MACHINE.next('close', 'ended')).toBe('closed');
    expect(CAMPAIGN_MACHINE.next('close', 'closed')).toBeNull();
  });
});
