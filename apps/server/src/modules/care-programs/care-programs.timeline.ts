import { APPLICATION_STATE_LABELS, WISH_STATE_LABELS, type TimelineEntry } from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import * as kind from './care-programs.kindness.repository.js';
import * as parcels from './care-programs.parcels.repository.js';
import * as payRepo from './care-programs.payments.repository.js';
import { toYuan } from './care-programs.policy.js';
import * as repo from './care-programs.repository.js';

/**
 * The person page lists her applications, the benefits paid to her, the parcels she received, her 爱心妈妈 pairings
 * (and their contacts) and her 微心愿 (in scope).
 */
export async function careTimelineSource(s: Scoped, personId: number): Promise<TimelineEntry[]> {
  const apps = await repo.applicationsOfPerson(s, personId);
  const paid = await payRepo.disbursementsOfPerson(s, personId);
  const delivered = await parcels.deliveriesOfPerson(s, personId);
  const pairings = await kind.pairingsOfChild(s, personId);
  const wishes = await kind.wishesOfPerson(s, personId);
  const contacts = await kind.contactsOf(
    s,
    pairings.map((p) => p.id),
  );
  const programs = new Map<number, repo.ProgramRow>();
  for (const id of new Set([...apps.map((a) => a.programId), ...paid.map((d) => d.programId)])) {
    const p = await repo.findProgram(s, id);
    if (p) programs.set(id, p);
  }
  const name = (id: number) => programs.get(id)?.name ?? '';
  return [
    ...apps.map((a): TimelineEntry => ({
      at: (a.submittedAt ?? a.createdAt).toISOString(),
      source: 'care-programs',
      kind: 'care.application',
      title: { 'zh-CN': `申请「${name(a.programId)}」`, 'en-US': `Applied to "${name(a.programId)}"` },
      detail: {
        'zh-CN': APPLICATION_STATE_LABELS[a.state as 'draft']['zh-CN'],
        'en-US': APPLICATION_STATE_LABELS[a.state as 'draft']['en-US'],
      },
      link: `/care-programs/applications/${a.id}`,
    })),
    ...paid.map((d): TimelineEntry => ({
      at: `${d.paidOn}T00:00:00.000Z`,
      source: 'care-programs',
      kind: 'care.benefit',
      title: {
        'zh-CN': `获得「${name(d.programId)}」${toYuan(Number(d.amountFen))} 元`,
        'en-US': `Received "${name(d.programId)}": ${toYuan(Number(d.amountFen))} yuan`,
      },
      detail: null,
      link: d.applicationId ? `/care-programs/applications/${d.applicationId}` : null,
    })),
    ...delivered.map((d): TimelineEntry => ({
      at: `${d.deliveredOn}T00:00:00.000Z`,
      source: 'care-programs',
      kind: 'care.parcel',
      title: { 'zh-CN': '领取母亲邮包', 'en-US': 'Received a mother parcel' },
      detail: d.feedbackOn ? { 'zh-CN': '已回寄回音卡', 'en-US': 'Feedback card returned' } : null,
      link: null,
    })),
    ...pairings.map((p): TimelineEntry => ({
      at: `${p.startsOn}T00:00:00.000Z`,
      source: 'care-programs',
      kind: 'care.pairing',
      title: { 'zh-CN': `与爱心妈妈${p.motherName}结对`, 'en-US': `Paired with caring mother ${p.motherName}` },
      detail: p.endedOn ? { 'zh-CN': `${p.endedOn} 结束`, 'en-US': `Ended on ${p.endedOn}` } : null,
      link: `/care-programs/pairings/${p.id}`,
    })),
    ...contacts.map((c): TimelineEntry => {
      const p = pairings.find((x) => x.id === c.pairingId)!;
      return {
        at: `${c.contactedOn}T00:00:00.000Z`,
        source: 'care-programs',
        kind: 'care.pairing_contact',
        title: { 'zh-CN': `爱心妈妈${p.motherName}联系`, 'en-US': `Contact by caring mother ${p.motherName}` },
        detail: { 'zh-CN': c.note, 'en-US': c.note },
        link: `/care-programs/pairings/${p.id}`,
      };
    }),
    ...wishes.map((w): TimelineEntry => ({
      at: w.createdAt.toISOString(),
      source: 'care-programs',
      kind: 'care.wish',
      title: { 'zh-CN': `微心愿「${w.title}」`, 'en-US': `Small wish "${w.title}"` },
      detail: {
        'zh-CN': WISH_STATE_LABELS[w.state as 'submitted']['zh-CN'],
        'en-US': WISH_STATE_LABELS[w.state as 'submitted']['en-US'],
      },
      link: `/care-programs/wishes/${w.id}`,
    })),
  ];
}
