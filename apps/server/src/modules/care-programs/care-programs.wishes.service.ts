import type { z } from 'zod';
import {
  maskNameAfterFirst,
  maskPhone,
  MAX_WISH_PROOFS,
  WISH_CLAIM_DAYS_DEFAULT,
  WISH_CLAIM_REMIND_DAYS,
  WISH_MACHINE,
  type StoredFile,
  type Wish,
  type WishAction,
  type WishClaimInput,
  type WishFulfilInput,
  type WishInput,
  type WishReviewInput,
  type WishSettingsInput,
  type WishState,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import {
  actorName,
  districtIdOfPath,
  hasPermission,
  runScoped,
  type Actor,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { chinaDate } from '../../platform/time.js';
import { claimDaysLeft, claimTerms, toYuan, toFen } from './care-programs.policy.js';
import * as foreign from './care-programs.directory.repository.js';
import * as kind from './care-programs.kindness.repository.js';
import type { CareDeps } from './care-programs.service.js';

const notFound = () => new AppError('NOT_FOUND', { field: 'wishId' });
/** Where a wish's proofs are filed (platform files; read only through the wish, by staff of its subtree). */
export const PROOF_OWNER = 'care_wish';
const wrongState = () =>
  fieldError('CARE_INVALID_TRANSITION', 'wishId', '心愿当前状态不能执行此操作', 'the wish cannot do this in its state');

/** The district of an org path, without 妇联 (fixed on the wish: the public page shows no finer place). */
export async function districtNameOf(s: Scoped, path: string): Promise<string> {
  const labels = path.split('.');
  if (labels.length < 2) return '';
  const name = (await foreign.orgsByPaths(s, [labels.slice(0, 2).join('.')]))[0]?.name ?? '';
  return name.replace(/妇联$/, '');
}

const donorView = (d: Pick<kind.WishRow, 'donorKind' | 'donorName' | 'donorPhoneMasked'>) => ({
  kind: d.donorKind as 'account',
  name: d.donorName ?? '',
  phone: d.donorPhoneMasked,
});

export function wishView(
  w: kind.WishRow,
  org: string,
  person: string | null,
  proofs: StoredFile[],
  pastClaims: kind.PastClaimRow[],
  today: string,
): Wish {
  const open = w.state === 'claimed';
  return {
    id: w.id,
    org: { id: w.orgId, name: org },
    person: w.personId === null ? null : { id: w.personId, name: person ?? '' },
    source: w.source as 'staff',
    title: w.title,
    description: w.description,
    amount: toYuan(Number(w.amountFen)),
    state: w.state as WishState,
    publicName: w.publicName,
    reviewNote: w.reviewNote,
    donor: w.donorKind ? donorView(w) : null,
    claimedAt: w.claimedAt?.toISOString() ?? null,
    claimDays: w.claimDays,
    claimDeadline: w.claimDeadline,
    daysLeft: open ? claimDaysLeft(w.claimDeadline, today) : null,
    pastClaims: pastClaims.map((c) => ({
      donor: donorView(c),
      claimedAt: c.claimedAt.toISOString(),
      deadline: c.deadline,
      outcome: c.outcome as 'expired',
      endedAt: c.endedAt.toISOString(),
      endedBy: c.endedBy,
    })),
    fulfilledOn: w.fulfilledOn,
    fulfilmentNote: w.fulfilmentNote,
    proofs,
    createdAt: w.createdAt.toISOString(),
  };
}

/**
 * A claimed wish goes back to the wall: the claim joins the wish's history (given up, or lapsed past its deadline),
 * the wish has no donor, and the proofs of the donor who let it go are removed.
 */
export async function releaseClaim(
  deps: Pick<CareDeps, 'files' | 'today'>,
  s: Scoped,
  w: kind.WishRow,
  end: { outcome: 'released' | 'expired'; by: Actor },
) {
  const proofs = await deps.files.listFiles(s, { type: PROOF_OWNER, id: w.id });
  for (const f of proofs) await deps.files.removeFile(s, { type: PROOF_OWNER, id: w.id }, f.id);
  await kind.insertPastClaim(s, {
    wishId: w.id,
    orgPath: w.orgPath,
    donorKind: w.donorKind ?? 'outside',
    donorUserId: w.donorUserId,
    donorResidentId: w.donorResidentId,
    donorName: w.donorName ?? '',
    donorPhoneMasked: w.donorPhoneMasked,
    claimedAt: w.claimedAt ?? new Date(),
    deadline: w.claimDeadline,
    outcome: end.outcome,
    endedOn: deps.today(),
    endedBy: actorName(end.by),
  });
  const updated = await kind.updateWish(s, w.id, {
    state: 'published',
    donorKind: null,
    donorUserId: null,
    donorResidentId: null,
    donorName: null,
    donorPhoneEnc: null,
    donorPhoneMasked: null,
    claimedAt: null,
    claimDeadline: null,
    claimRemindOn: null,
    claimRemindedAt: null,
  });
  return { updated, removedProofs: proofs.map((f) => f.id) };
}

/** The terms of a claim made today, or the 400 naming `deadline` (before today, or after the wish's last day). */
export function termsOfClaim(today: string, w: kind.WishRow, chosen: string | undefined) {
  const terms = claimTerms(today, w.claimDays, WISH_CLAIM_REMIND_DAYS, chosen);
  if ('problem' in terms)
    throw terms.problem === 'past'
      ? fieldError('VALIDATION_FAILED', 'deadline', '认领截止日期不能早于今天', 'the deadline cannot be before today')
      : fieldError(
          'VALIDATION_FAILED',
          'deadline',
          `认领截止日期最晚为 ${terms.latest}（认领后 ${w.claimDays} 天）`,
          `the deadline is ${terms.latest} at the latest (${w.claimDays} days after the claim)`,
        );
  return terms;
}

/**
 * 微心愿 on the staff side: collected for a registry person, reviewed, claimed by a donor, fulfilled with proof (a
 * photo or a document uploaded while it is claimed, shown to staff of its subtree only).
 */
export function createWishes(deps: CareDeps) {
  async function views(s: Scoped, rows: kind.WishRow[]) {
    const orgs = await foreign.orgsById(
      s,
      rows.map((r) => r.orgId),
    );
    const persons = await foreign.personsById(
      s,
      rows.flatMap((r) => (r.personId === null ? [] : [r.personId])),
    );
    const proofs = await deps.files.listFilesOf(
      s,
      PROOF_OWNER,
      rows.map((r) => r.id),
    );
    const past = await kind.pastClaimsOf(
      s,
      rows.map((r) => r.id),
    );
    const today = deps.today();
    return rows.map((w) =>
      wishView(
        w,
        orgs.get(w.orgId)?.name ?? '',
        w.personId === null ? null : (persons.get(w.personId)?.name ?? ''),
        proofs.get(w.id) ?? [],
        past.filter((c) => c.wishId === w.id),
        today,
      ),
    );
  }
  async function step(s: Scoped, actor: UserActor, id: number, action: WishAction) {
    const w = await kind.findWish(s, id, true);
    if (!w) throw notFound();
    const to = WISH_MACHINE.next(action, w.state as WishState);
    if (!to) throw wrongState();
    if ((action === 'release' || action === 'fulfil') && !mayActForDonor(actor, w)) throw new AppError('FORBIDDEN');
    return { w, to };
  }
  /** The days a wish gives its donors are set by whoever manages care programs (403 naming the field). */
  const mayManage = (actor: UserActor, field: string) => {
    if (!hasPermission(actor, 'care.manage'))
      throw fieldError('FORBIDDEN', field, '认领期限由项目管理人员设置', 'the claim period is set by care.manage');
  };
  /** The donor acts on her own claim (and its proofs); anyone else needs to manage care programs. */
  const mayActForDonor = (actor: UserActor, w: kind.WishRow) =>
    (w.donorKind === 'account' && w.donorUserId === actor.userId) || hasPermission(actor, 'care.manage');
  /** A claimed wish in scope whose proofs the actor may change. */
  async function claimedForProof(s: Scoped, actor: UserActor, id: number) {
    const w = await kind.findWish(s, id, true);
    if (!w) throw notFound();
    if (w.state !== 'claimed') throw wrongState();
    if (!mayActForDonor(actor, w)) throw new AppError('FORBIDDEN');
    return w;
  }
  async function audit(s: Scoped, actor: UserActor, w: kind.WishRow, action: string, after?: unknown) {
    await appendAudit(s.tx, actor, {
      action: `care.wishes.${action}`,
      targetType: 'care_wish',
      targetId: w.id,
      orgId: w.orgId,
      orgPath: w.orgPath,
      ...(after === undefined ? {} : { after }),
    });
  }
  const one = async (s: Scoped, w: kind.WishRow) => (await views(s, [w]))[0]!;

  /** In its own transaction, or in the caller's (the demo loader's). */
  const within = <T>(actor: UserActor, at: Scoped | undefined, fn: (s: Scoped) => Promise<T>) =>
    at ? fn(at) : runScoped(deps.handle, actor, fn);

  return {
    list: (actor: UserActor, state?: WishState, at?: Scoped) =>
      within(actor, at, async (s) => views(s, await kind.listWishes(s, state))),
    get: (actor: UserActor, id: number, at?: Scoped) =>
      within(actor, at, async (s) => {
        const w = await kind.findWish(s, id);
        if (!w) throw notFound();
        return one(s, w);
      }),

    create: (actor: UserActor, input: z.infer<typeof WishInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        if (input.claimDays !== undefined) mayManage(actor, 'claimDays');
        const p = await deps.people.findPerson(s, input.personId);
        if (!p || p.status !== 'active') throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
        const w = await kind.insertWish(s, {
          orgId: p.orgId,
          orgPath: p.orgPath,
          districtId: districtIdOfPath(p.orgPath),
          personId: p.id,
          residentId: null,
          source: 'staff',
          title: input.title,
          description: input.description,
          amountFen: toFen(input.amount),
          state: 'submitted',
          publicName: maskNameAfterFirst(p.name),
          districtName: await districtNameOf(s, p.orgPath),
          claimDays: input.claimDays ?? WISH_CLAIM_DAYS_DEFAULT,
          createdBy: actor.username,
        });
        await audit(s, actor, w, 'create', input);
        return one(s, w);
      }),

    review: (actor: UserActor, id: number, input: z.infer<typeof WishReviewInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const { w, to } = await step(s, actor, id, input.action);
        if (input.action === 'refuse' && input.note.length < 2)
          throw fieldError('VALIDATION_FAILED', 'note', '请填写不通过的原因', 'give the reason of the refusal');
        const updated = await kind.updateWish(s, w.id, {
          state: to,
          reviewedBy: actor.displayName,
          reviewNote: input.note || null,
          ...(to === 'published' ? { publishedAt: new Date() } : {}),
        });
        await audit(s, actor, w, input.action, input);
        return one(s, updated);
      }),

    claim: (actor: UserActor, id: number, input: z.infer<typeof WishClaimInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const outside = input.donorName !== undefined;
        if (!outside && input.donorPhone !== undefined)
          throw fieldError('VALIDATION_FAILED', 'donorName', '请填写捐赠人姓名', 'name the donor');
        if (outside && !hasPermission(actor, 'care.manage'))
          throw fieldError(
            'FORBIDDEN',
            'donorName',
            '登记外部捐赠人需要管理权限',
            'recording an outside donor needs care.manage',
          );
        const { w, to } = await step(s, actor, id, 'claim');
        const terms = termsOfClaim(deps.today(), w, input.deadline);
        const updated = await kind.updateWish(s, w.id, {
          state: to,
          donorKind: outside ? 'outside' : 'account',
          donorUserId: outside ? null : actor.userId,
          donorName: outside ? input.donorName! : actor.displayName,
          donorPhoneEnc: input.donorPhone ? deps.crypto.encrypt(input.donorPhone) : null,
          donorPhoneMasked: input.donorPhone ? maskPhone(input.donorPhone) : null,
          claimedAt: new Date(),
          claimDeadline: terms.deadline,
          claimRemindOn: terms.remindOn,
          claimRemindedAt: null,
        });
        await audit(s, actor, w, 'claim', {
          donorKind: updated.donorKind,
          donorName: updated.donorName,
          deadline: terms.deadline,
        });
        return one(s, updated);
      }),

    release: (actor: UserActor, id: number, at?: Scoped) =>
      within(actor, at, async (s) => {
        const { w } = await step(s, actor, id, 'release');
        const { updated, removedProofs } = await releaseClaim(deps, s, w, { outcome: 'released', by: actor });
        await audit(s, actor, w, 'release', { donorName: w.donorName, removedProofs });
        return one(s, updated);
      }),

    /** The days the wish gives its donors from their claim (the next claim's; an open claim keeps its deadline). */
    settings: (actor: UserActor, id: number, input: z.infer<typeof WishSettingsInput>) =>
      runScoped(deps.handle, actor, async (s) => {
        const w = await kind.findWish(s, id, true);
        if (!w) throw notFound();
        mayManage(actor, 'claimDays');
        if (!['submitted', 'published', 'claimed'].includes(w.state)) throw wrongState();
        const updated = await kind.updateWish(s, w.id, { claimDays: input.claimDays });
        await audit(s, actor, w, 'settings', { claimDays: { from: w.claimDays, to: input.claimDays } });
        return one(s, updated);
      }),

    /** A proof of the fulfilment (a photo of the gift handed over, a receipt), uploaded while the wish is claimed. */
    addProof: (actor: UserActor, id: number, name: string, bytes: Buffer, at?: Scoped) =>
      within(actor, at, async (s) => {
        const w = await claimedForProof(s, actor, id);
        const held = await deps.files.countFiles(s, PROOF_OWNER, [w.id]);
        if ((held.get(w.id) ?? 0) >= MAX_WISH_PROOFS)
          throw fieldError(
            'VALIDATION_FAILED',
            'file',
            `每个心愿最多上传 ${MAX_WISH_PROOFS} 份凭证`,
            `a wish holds at most ${MAX_WISH_PROOFS} proofs`,
          );
        const f = await deps.files.saveFile(s, {
          owner: { type: PROOF_OWNER, id: w.id },
          orgPath: w.orgPath,
          districtId: w.districtId,
          name,
          bytes,
          accept: 'documents',
        });
        await audit(s, actor, w, 'proof.add', {
          fileId: f.id,
          name: f.name,
          mime: f.mime,
          size: f.size,
          sha256: f.sha256,
        });
        return one(s, w);
      }),
    removeProof: (actor: UserActor, id: number, fileId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const w = await claimedForProof(s, actor, id);
        const f = await deps.files.removeFile(s, { type: PROOF_OWNER, id: w.id }, fileId);
        await audit(s, actor, w, 'proof.remove', { fileId: f.id, name: f.name });
        return one(s, w);
      }),
    /** A proof's bytes, to staff of the wish's subtree; audited (a photo may show the child). */
    proof: (actor: UserActor, id: number, fileId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const w = await kind.findWish(s, id);
        if (!w) throw notFound();
        const file = await deps.files.readFile(s, { type: PROOF_OWNER, id: w.id }, fileId);
        await audit(s, actor, w, 'proof.read', { fileId });
        return file;
      }),

    fulfil: (actor: UserActor, id: number, input: z.infer<typeof WishFulfilInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const { w, to } = await step(s, actor, id, 'fulfil');
        if (!(await deps.files.countFiles(s, PROOF_OWNER, [w.id])).get(w.id))
          throw fieldError(
            'VALIDATION_FAILED',
            'proof',
            '请先上传圆梦凭证（照片或单据）',
            'upload a proof first (a photo or a receipt)',
          );
        // The claim's date by the database clock, but never after the platform's today (a clock set back).
        const claimedOn = [chinaDate(w.claimedAt!), deps.today()].sort()[0]!;
        if (input.fulfilledOn > deps.today() || input.fulfilledOn < claimedOn)
          throw fieldError(
            'VALIDATION_FAILED',
            'fulfilledOn',
            '圆梦日期须在认领之后、今天之前',
            'the date must lie between the claim and today',
          );
        const updated = await kind.updateWish(s, w.id, {
          state: to,
          fulfilledOn: input.fulfilledOn,
          fulfilmentNote: input.note,
        });
        await bumpCounters(s.tx, {
          orgPath: w.orgPath,
          day: input.fulfilledOn,
          deltas: { 'care.wishes_fulfilled': 1 },
        });
        await audit(s, actor, w, 'fulfil', input);
        return one(s, updated);
      }),

    withdraw: (actor: UserActor, id: number, at?: Scoped) =>
      within(actor, at, async (s) => {
        const { w, to } = await step(s, actor, id, 'withdraw');
        const updated = await kind.updateWish(s, w.id, { state: to });
        await audit(s, actor, w, 'withdraw');
        return one(s, updated);
      }),
  };
}
export type Wishes = ReturnType<typeof createWishes>;
