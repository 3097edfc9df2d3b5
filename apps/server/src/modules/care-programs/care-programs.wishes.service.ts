import type { z } from 'zod';
import {
  maskNameAfterFirst,
  maskPhone,
  WISH_MACHINE,
  type Wish,
  type WishAction,
  type WishClaimInput,
  type WishFulfilInput,
  type WishInput,
  type WishReviewInput,
  type WishState,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { districtIdOfPath, hasPermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import { chinaDate } from '../../platform/time.js';
import { toYuan, toFen } from './care-programs.policy.js';
import * as foreign from './care-programs.directory.repository.js';
import * as kind from './care-programs.kindness.repository.js';
import type { CareDeps } from './care-programs.service.js';

const notFound = () => new AppError('NOT_FOUND', { field: 'wishId' });

/** The district of an org path, without 妇联 (fixed on the wish: the public page shows no finer place). */
export async function districtNameOf(s: Scoped, path: string): Promise<string> {
  const labels = path.split('.');
  if (labels.length < 2) return '';
  const name = (await foreign.orgsByPaths(s, [labels.slice(0, 2).join('.')]))[0]?.name ?? '';
  return name.replace(/妇联$/, '');
}

export function wishView(w: kind.WishRow, org: string, person: string | null): Wish {
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
    donor: w.donorKind ? { kind: w.donorKind as 'account', name: w.donorName ?? '', phone: w.donorPhoneMasked } : null,
    claimedAt: w.claimedAt?.toISOString() ?? null,
    fulfilledOn: w.fulfilledOn,
    fulfilmentNote: w.fulfilmentNote,
    createdAt: w.createdAt.toISOString(),
  };
}

/** 微心愿 on the staff side: collected for a registry person, reviewed, claimed by a donor, fulfilled. */
export function createWishes(deps: CareDeps) {
  async function views(s: Scoped, rows: kind.WishRow[]) {
    const [orgs, persons] = await Promise.all([
      foreign.orgsById(
        s,
        rows.map((r) => r.orgId),
      ),
      foreign.personsById(
        s,
        rows.flatMap((r) => (r.personId === null ? [] : [r.personId])),
      ),
    ]);
    return rows.map((w) =>
      wishView(w, orgs.get(w.orgId)?.name ?? '', w.personId === null ? null : (persons.get(w.personId)?.name ?? '')),
    );
  }
  async function step(s: Scoped, actor: UserActor, id: number, action: WishAction) {
    const w = await kind.findWish(s, id, true);
    if (!w) throw notFound();
    const to = WISH_MACHINE.next(action, w.state as WishState);
    if (!to)
      throw fieldError(
        'CARE_INVALID_TRANSITION',
        'wishId',
        '心愿当前状态不能执行此操作',
        'the wish cannot do this in its state',
      );
    // the donor acts on her own claim; anyone else needs to manage care programs
    const ownClaim = w.donorKind === 'account' && w.donorUserId === actor.userId;
    if ((action === 'release' || action === 'fulfil') && !ownClaim && !hasPermission(actor, 'care.manage'))
      throw new AppError('FORBIDDEN');
    return { w, to };
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
        const updated = await kind.updateWish(s, w.id, {
          state: to,
          donorKind: outside ? 'outside' : 'account',
          donorUserId: outside ? null : actor.userId,
          donorName: outside ? input.donorName! : actor.displayName,
          donorPhoneEnc: input.donorPhone ? deps.crypto.encrypt(input.donorPhone) : null,
          donorPhoneMasked: input.donorPhone ? maskPhone(input.donorPhone) : null,
          claimedAt: new Date(),
        });
        await audit(s, actor, w, 'claim', { donorKind: updated.donorKind, donorName: updated.donorName });
        return one(s, updated);
      }),

    release: (actor: UserActor, id: number, at?: Scoped) =>
      within(actor, at, async (s) => {
        const { w, to } = await step(s, actor, id, 'release');
        const updated = await kind.updateWish(s, w.id, {
          state: to,
          donorKind: null,
          donorUserId: null,
          donorName: null,
          donorPhoneEnc: null,
          donorPhoneMasked: null,
          claimedAt: null,
        });
        await audit(s, actor, w, 'release', { donorName: w.donorName });
        return one(s, updated);
      }),

    fulfil: (actor: UserActor, id: number, input: z.infer<typeof WishFulfilInput>, at?: Scoped) =>
      within(actor, at, async (s) => {
        const { w, to } = await step(s, actor, id, 'fulfil');
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
