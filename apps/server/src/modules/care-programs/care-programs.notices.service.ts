import type { LocalizedText } from '@jinguo/contracts';
import { notify } from '../../platform/notifications/index.js';
import type { Recipient } from '../../platform/notifications/index.js';
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
  'care.wish.claim_reminder',
  'care.wish.claim_lapsed',
] as const;
type Kind = Exclude<(typeof CARE_NOTIFICATION_KINDS)[number], `care.wish.${string}`>;

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

/** The donor herself, where she can be reached in the platform: a staff account's inbox, a resident's (and her SMS). */
function donorOf(w: kind.WishRow): { recipients: Recipient[]; link: string; sms: boolean } | null {
  if (w.donorKind === 'account' && w.donorUserId !== null)
    return { recipients: [{ user: w.donorUserId }], link: `/care-programs/wishes/${w.id}`, sms: false };
  if (w.donorKind === 'resident' && w.donorResidentId !== null)
    return { recipients: [{ resident: w.donorResidentId }], link: '/h5/wishes', sms: true };
  return null;
}
const cadresOf = (w: kind.WishRow): Recipient[] => [{ org: w.orgId, roles: ['cadre'] as const }];

/**
 * A claim's last day is near: its donor is reminded (once), or, for an outside donor the cadre recorded, the cadres of
 * the wish's org, who reach her. Only the wish's title: never the child's name.
 */
export async function noticeClaimReminder(s: Scoped, w: kind.WishRow, daysLeft: number) {
  const donor = donorOf(w);
  const when = {
    zh: daysLeft === 0 ? '今天' : `${daysLeft} 天后`,
    en: daysLeft === 0 ? 'today' : `in ${daysLeft} days`,
  };
  await notify(s.tx, {
    kind: 'care.wish.claim_reminder',
    recipients: donor?.recipients ?? cadresOf(w),
    title: donor
      ? {
          'zh-CN': `您认领的心愿「${w.title}」${when.zh}到期（${w.claimDeadline}）`,
          'en-US': `The wish "${w.title}" you claimed is due ${when.en} (${w.claimDeadline})`,
        }
      : {
          'zh-CN': `${w.donorName ?? ''}认领的心愿「${w.title}」${when.zh}到期（${w.claimDeadline}）`,
          'en-US': `The wish "${w.title}" claimed by ${w.donorName ?? ''} is due ${when.en} (${w.claimDeadline})`,
        },
    body: donor
      ? {
          'zh-CN': '请在截止日期前完成心愿；逾期未完成，心愿将重新发布给其他爱心人士。',
          'en-US': 'Please fulfil it by the deadline: past it, the wish is published again for other donors.',
        }
      : {
          'zh-CN': `请联系认领人（${w.donorPhoneMasked ?? '无电话'}）跟进圆梦`,
          'en-US': `Reach the donor (${w.donorPhoneMasked ?? 'no phone'}) and follow the fulfilment`,
        },
    link: donor?.link ?? `/care-programs/wishes/${w.id}`,
    target: { type: 'care_wish', id: w.id },
    orgPath: w.orgPath,
    ...(donor?.sms ? { channels: ['sms'] as const } : {}),
  });
}

/**
 * A claim lapsed unfulfilled past its last day and the wish is on the wall again: its donor is told (a staff account,
 * a resident, also by SMS), and the cadres of the wish's org, who had followed the claim. `w` is the wish as claimed.
 */
export async function noticeClaimLapsed(s: Scoped, w: kind.WishRow) {
  const donor = donorOf(w);
  if (donor)
    await notify(s.tx, {
      kind: 'care.wish.claim_lapsed',
      recipients: donor.recipients,
      title: {
        'zh-CN': `您认领的心愿「${w.title}」已过期限，已重新发布`,
        'en-US': `Your claim of the wish "${w.title}" lapsed; it is published again`,
      },
      body: {
        'zh-CN': `认领截止日期为 ${w.claimDeadline}，心愿未在期限内完成。感谢您的爱心，欢迎再次认领。`,
        'en-US': `The claim ran until ${w.claimDeadline} and the wish was not fulfilled by then. Thank you: you may claim again.`,
      },
      link: donor.link,
      target: { type: 'care_wish', id: w.id },
      orgPath: w.orgPath,
      ...(donor.sms ? { channels: ['sms'] as const } : {}),
    });
  await notify(s.tx, {
    kind: 'care.wish.claim_lapsed',
    recipients: cadresOf(w),
    title: {
      'zh-CN': `心愿「${w.title}」认领逾期，已重新发布`,
      'en-US': `The claim of the wish "${w.title}" lapsed; it is published again`,
    },
    body: {
      'zh-CN': `认领人：${w.donorName ?? ''}${w.donorPhoneMasked ? `（${w.donorPhoneMasked}）` : ''}，截止日期 ${w.claimDeadline}`,
      'en-US': `Donor: ${w.donorName ?? ''}${w.donorPhoneMasked ? ` (${w.donorPhoneMasked})` : ''}, deadline ${w.claimDeadline}`,
    },
    link: `/care-programs/wishes/${w.id}`,
    target: { type: 'care_wish', id: w.id },
    orgPath: w.orgPath,
  });
}
