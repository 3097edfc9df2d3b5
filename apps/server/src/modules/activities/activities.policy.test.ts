import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_MACHINE } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import {
  attendanceDeltas,
  checkInWindow,
  heldDeltas,
  nextStatus,
  requireCheckInOpen,
  requireRoom,
  signCheckInToken,
  verifyCheckInToken,
} from './activities.policy.js';

const mac = (m: string) => createHmac('sha256', 'k').update(m).digest('base64url');
const otherKey = (m: string) => createHmac('sha256', 'other').update(m).digest('base64url');
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.code}:${e.field ?? ''}` : String(e);
  }
  return 'accepted';
};

describe('check-in tokens', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const later = new Date('2026-12-05T12:00:00Z');
  it('accepts its own activity until it expires, and nothing else', () => {
    const token = signCheckInToken(mac, 7, later);
    expect(refusal(() => verifyCheckInToken(mac, token, 7, now))).toBe('accepted');
    expect(refusal(() => verifyCheckInToken(mac, token, 8, now))).toBe('CHECKIN_TOKEN_INVALID:token');
    expect(refusal(() => verifyCheckInToken(otherKey, token, 7, now))).toBe('CHECKIN_TOKEN_INVALID:token');
    expect(refusal(() => verifyCheckInToken(mac, token, 7, new Date(later.getTime() + 1000)))).toBe(
      'CHECKIN_TOKEN_INVALID:token',
    );
    const [id, exp, sig] = token.split('.');
    expect(refusal(() => verifyCheckInToken(mac, `${id}.${Number(exp) + 60}.${sig}`, 7, now))).toBe(
      'CHECKIN_TOKEN_INVALID:token',
    );
    expect(refusal(() => verifyCheckInToken(mac, `8.${exp}.${sig}`, 8, now))).toBe('CHECKIN_TOKEN_INVALID:token');
    for (const junk of ['', 'a.b.c', '7.1', '7..x', `${token}.x`])
      expect(
        refusal(() => verifyCheckInToken(mac, junk, 7, now)),
        junk,
      ).toBe('CHECKIN_TOKEN_INVALID:token');
  });
});

describe('the check-in window', () => {
  const a = { status: 'open', startsAt: new Date('2026-12-05T10:00:00Z'), endsAt: new Date('2026-12-05T11:00:00Z') };
  it('opens an hour before the start and closes two hours after the end', () => {
    expect(checkInWindow(a)).toEqual({
      opensAt: new Date('2026-12-05T09:00:00Z'),
      closesAt: new Date('2026-12-05T13:00:00Z'),
    });
    expect(refusal(() => requireCheckInOpen(a, new Date('2026-12-05T08:59:00Z')))).toBe('CHECKIN_CLOSED:startsAt');
    expect(refusal(() => requireCheckInOpen(a, new Date('2026-12-05T09:00:00Z')))).toBe('accepted');
    expect(refusal(() => requireCheckInOpen(a, new Date('2026-12-05T13:00:00Z')))).toBe('accepted');
    expect(refusal(() => requireCheckInOpen(a, new Date('2026-12-05T13:00:01Z')))).toBe('CHECKIN_CLOSED:endsAt');
    for (const status of ['cancelled', 'summarised'])
      expect(refusal(() => requireCheckInOpen({ ...a, status }, new Date('2026-12-05T10:00:00Z')))).toBe(
        'CHECKIN_CLOSED:activityId',
      );
  });
});

describe('states, capacity and counters', () => {
  it('follows planned → open → held → summarised, cancelled only before it is held', () => {
    expect(nextStatus('open', 'planned')).toBe('open');
    expect(nextStatus('hold', 'open')).toBe('held');
    expect(nextStatus('summarise', 'held')).toBe('summarised');
    expect(nextStatus('summarise', 'summarised')).toBe('summarised');
    expect(refusal(() => nextStatus('cancel', 'held'))).toBe('ACTIVITY_INVALID_TRANSITION:status');
    expect(refusal(() => nextStatus('open', 'cancelled'))).toBe('ACTIVITY_INVALID_TRANSITION:status');
    expect(ACTIVITY_MACHINE.actionsFrom('planned')).toEqual(['open', 'hold', 'cancel']);
    expect(ACTIVITY_MACHINE.actionsFrom('cancelled')).toEqual([]);
  });
  it('refuses a seat beyond capacity, never when unlimited', () => {
    expect(refusal(() => requireRoom({ capacity: 2 }, 1))).toBe('accepted');
    expect(refusal(() => requireRoom({ capacity: 2 }, 2))).toBe('ACTIVITY_FULL:capacity');
    expect(refusal(() => requireRoom({ capacity: null }, 10_000))).toBe('accepted');
  });
  it('counts talks, lectures and trainings apart, and training attendance', () => {
    expect(heldDeltas('talk', 1)).toEqual({
      'activities.held': 1,
      'activities.talks': 1,
      'activities.lectures': 0,
      'activities.trainings': 0,
    });
    expect(attendanceDeltas('training', 3)).toEqual({
      'activities.attendance': 3,
      'activities.reached': 3,
      'activities.training_attendance': 3,
    });
  });
});
