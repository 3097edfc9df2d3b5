import type { LocalizedText } from '@jinguo/contracts';
import { notify } from '../../platform/notifications/index.js';
import type { Scoped } from '../../platform/scope.js';
import * as foreign from './care-programs.directory.repository.js';
import { levelOf } from './care-programs.policy.js';
import { rulesOf } from './care-programs.programs.service.js';
import type * as kind from './care-programs.kindness.repository.js';
import type * as repo from './care-programs.repository.js';

/** The notices care programs send (ARCHITECTURE's catalogue; the module declaration lists them). */
export const CARE_NOTIFICATION_KINDS = [
  'care.application.waiting',
  'care.application.returned',
  'care.application.refused',
  'care.application.approved',
  'care.application.paid',
  'care.wish.claimed',
] as const;
type Kind = Exclude<(typeof CARE_NOTIFICATION_KINDS)[number], 'care.wish.claimed'>;

/**
 * An application arrived at a review step: the cadres of the orgs that may act on it (its ancestors at the step's
 * levels) find it in their inbox. Never the diagnosis or her name: notices are read over shoulders.
 */
export async function noticeToReviewers(s: Scoped, p: repo.ProgramRow, a: repo.ApplicationRow, step: number) {
  const levels = rulesOf(p).chain[step]?.levels ?? [];
  const labels = a.orgPath.split('.');
  const ancestors = await foreign.orgsByPaths(
    s,
    labels.map((_, i) => labels.slice(0, i + 1).join('.')),
  );
  const orgs = ancestors.filter((o) => levels.includes(levelOf(o.type) as never));
  if (!orgs.length) return;
  await notify(s.tx, {
    kind: 'care.application.waiting',
    recipients: orgs.map((o) => ({ org: Number(o.id), roles: ['cadre'] as const })),
    title: {
      'zh-CN': `「${p.name}」有申请待审核（#${a.id}）`,
      'en-US': `An application to "${p.name}" awaits review (#${a.id})`,
    },
    link: `/care-programs/applications/${a.id}`,
    target: { type: 'care_application', id: a.id },
    orgPath: a.orgPath,
  });
}

const TITLES: Record<Exclude<Kind, 'care.application.waiting'>, LocalizedText> = {
  'care.application.returned': { 'zh-CN': '您的申请需要补充材料', 'en-US': 'Your application needs more material' },
  'care.application.refused': { 'zh-CN': '您的申请未通过审核', 'en-US': 'Your application was not approved' },
  'care.application.approved': { 'zh-CN': '您的申请已批准', 'en-US': 'Your application was approved' },
  'care.application.paid': { 'zh-CN': '救助金已发放', 'en-US': 'The benefit was paid' },
};

/** The woman who applied on /h5 is told of a return (with the reason), a refusal, the approval and the payment. */
export async function noticeToApplicant(
  s: Scoped,
  p: repo.ProgramRow,
  a: repo.ApplicationRow,
  kind: Exclude<Kind, 'care.application.waiting'>,
) {
  if (a.residentId === null) return;
  await notify(s.tx, {
    kind,
    recipients: [{ resident: a.residentId }],
    title: TITLES[kind],
    body: {
      'zh-CN': `「${p.name}」${a.reason ? `：${a.reason}` : ''}`,
      'en-US': `"${p.name}"${a.reason ? `: ${a.reason}` : ''}`,
    },
    link: `/h5/care/${a.id}`,
    target: { type: 'care_application', id: a.id },
    orgPath: a.orgPath,
    channels: ['sms'],
  });
}

/**
 * A resident claimed a wish on /h5: the cadres of the wish's org are told who (her name as she gave it, her phone
 * masked: the wish page shows it) so they reach her and follow the fulfilment. Never the child's name.
 */
export async function noticeWishClaimed(s: Scoped, w: kind.WishRow) {
  await notify(s.tx, {
    kind: 'care.wish.claimed',
    recipients: [{ org: w.orgId, roles: ['cadre'] as const }],
    title: { 'zh-CN': `心愿「${w.title}」已被认领`, 'en-US': `The wish "${w.title}" was claimed` },
    body: {
      'zh-CN': `认领人：${w.donorName ?? ''}（${w.donorPhoneMasked ?? ''}），请联系认领人并跟进圆梦`,
      'en-US': `By ${w.donorName ?? ''} (${w.donorPhoneMasked ?? ''}): reach the donor and follow the fulfilment`,
    },
    link: `/care-programs/wishes/${w.id}`,
    target: { type: 'care_wish', id: w.id },
    orgPath: w.orgPath,
  });
}
