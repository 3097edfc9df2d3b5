import { AppError } from '../../platform/errors.js';
import { hasPermission, type UserActor } from '../../platform/scope.js';

/** Staff with visit.write record visits for others; an executive member only those she made. */
export const canRecordFor = (actor: UserActor) => hasPermission(actor, 'visit.write');

/** Changing a visit (photos, needs): its recorder, one of its visitors, or staff with visit.write. */
export const mayEditVisit = (actor: UserActor, v: { createdByUserId: number | null; visitorUserIds: number[] }) =>
  canRecordFor(actor) || v.createdByUserId === actor.userId || v.visitorUserIds.includes(actor.userId);
export function requireEditable(actor: UserActor, v: { createdByUserId: number | null; visitorUserIds: number[] }) {
  if (!mayEditVisit(actor, v)) throw new AppError('FORBIDDEN');
}
