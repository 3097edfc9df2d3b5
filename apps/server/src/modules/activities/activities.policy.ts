import { timingSafeEqual } from 'node:crypto';
import { ACTIVITY_MACHINE, type ActivityAction, type ActivityStatus } from '@jinguo/contracts';
import { AppError, fieldError } from '../../platform/errors.js';

/* Pure rules of activities: the check-in window, the signed check-in token, the state machine's refusals. */

/** Check-in opens an hour before the start (people arrive early) and closes two hours after the end. */
export const CHECKIN_OPENS_BEFORE_MS = 60 * 60_000;
export const CHECKIN_CLOSES_AFTER_MS = 2 * 60 * 60_000;

export function checkInWindow(a: { startsAt: Date; endsAt: Date }): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(a.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MS),
    closesAt: new Date(a.endsAt.getTime() + CHECKIN_CLOSES_AFTER_MS),
  };
}

/** Refuses a check-in at `now` outside the window or in a state that takes none. */
export function requireCheckInOpen(a: { status: string; startsAt: Date; endsAt: Date }, now: Date): void {
  if (a.status === 'cancelled' || a.status === 'summarised')
    throw new AppError('CHECKIN_CLOSED', {
      field: 'activityId',
      zh: a.status === 'cancelled' ? '活动已取消，不能签到' : '活动已总结，不能签到',
      en: a.status === 'cancelled' ? 'The activity was cancelled' : 'The activity has been summarised',
    });
  const w = checkInWindow(a);
  if (now < w.opensAt)
    throw new AppError('CHECKIN_CLOSED', {
      field: 'startsAt',
      zh: '签到尚未开始（活动开始前 1 小时开放）',
      en: 'Check-in opens an hour before the start',
    });
  if (now > w.closesAt)
    throw new AppError('CHECKIN_CLOSED', {
      field: 'endsAt',
      zh: '签到已结束',
      en: 'Check-in has closed',
    });
}

export type Mac = (message: string) => string;
const message = (activityId: number, exp: number) => `activity-checkin:${activityId}:${exp}`;

/**
 * The check-in token a QR code carries: `<activityId>.<expires, unix seconds>.<HMAC-SHA256>`, signed with a key only
 * the server holds (the platform's keyed hash: HMAC-SHA256 under a key derived from the data key). It names its
 * activity, so a code printed for one activity never checks anyone in at another.
 */
export function signCheckInToken(mac: Mac, activityId: number, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${activityId}.${exp}.${mac(message(activityId, exp))}`;
}

/** Verifies a token for `activityId` at `now`; refuses a forged, foreign or expired one, naming the field `token`. */
export function verifyCheckInToken(mac: Mac, token: string, activityId: number, now: Date): void {
  const parts = token.split('.');
  const bad = (zh: string, en: string) => new AppError('CHECKIN_TOKEN_INVALID', { field: 'token', zh, en });
  if (parts.length !== 3 || !/^\d+$/.test(parts[0]!) || !/^\d+$/.test(parts[1]!))
    throw bad('签到二维码无效', 'The check-in code is invalid');
  const id = Number(parts[0]);
  const exp = Number(parts[1]);
  const given = Buffer.from(parts[2]!);
  const expected = Buffer.from(mac(message(id, exp)));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw bad('签到二维码无效（签名不符）', 'The check-in code is invalid (bad signature)');
  if (id !== activityId) throw bad('这是另一场活动的签到二维码', 'This check-in code belongs to another activity');
  if (exp * 1000 < now.getTime()) throw bad('签到二维码已过期', 'The check-in code has expired');
}

/** The state `action` leads to, or 409 naming the state. */
export function nextStatus(action: ActivityAction, from: ActivityStatus): ActivityStatus {
  const to = ACTIVITY_MACHINE.next(action, from);
  if (!to) throw new AppError('ACTIVITY_INVALID_TRANSITION', { field: 'status' });
  return to;
}

/** Refuses a registration beyond capacity. */
export function requireRoom(a: { capacity: number | null }, taken: number): void {
  if (a.capacity !== null && taken >= a.capacity)
    throw fieldError(
      'ACTIVITY_FULL',
      'capacity',
      `名额已满（${a.capacity} 人）`,
      `the activity is full (${a.capacity})`,
    );
}

/** Registration is taken while an activity is planned or open and has not started. */
export function requireRegistrationOpen(a: { status: string; startsAt: Date }, now: Date): void {
  if (a.status !== 'open' && a.status !== 'planned')
    throw new AppError('ACTIVITY_INVALID_TRANSITION', {
      field: 'status',
      zh: '活动不在报名阶段',
      en: 'The activity is not taking registrations',
    });
  if (now > a.startsAt)
    throw fieldError('ACTIVITY_INVALID_TRANSITION', 'startsAt', '活动已开始，报名已截止', 'the activity has started');
}

export const TALK_KINDS = ['talk'];
export const LECTURE_KINDS = ['lecture'];
export const TRAINING_KINDS = ['training'];

/** The counters a held activity adds to (platform/stats), besides its attendance. */
export function heldDeltas(kind: string, sign: 1 | -1): Record<string, number> {
  return {
    'activities.held': sign,
    'activities.talks': TALK_KINDS.includes(kind) ? sign : 0,
    'activities.lectures': LECTURE_KINDS.includes(kind) ? sign : 0,
    'activities.trainings': TRAINING_KINDS.includes(kind) ? sign : 0,
  };
}
/** The counters one check-in adds to. */
export function attendanceDeltas(kind: string, n: number): Record<string, number> {
  return {
    'activities.attendance': n,
    'activities.reached': n,
    'activities.training_attendance': TRAINING_KINDS.includes(kind) ? n : 0,
  };
}
