import type { z } from 'zod';
import {
  maskNameAfterFirst,
  maskPhone,
  MAX_RESIDENT_CLAIMS,
  WISH_MACHINE,
  type ClaimedWish,
  type MyWish,
  type PortalWishInput,
  type PublicWish,
  type WishState,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import { districtIdOfPath, runAsPortal, runAsSystem, type RequestInfo, type Scoped } from '../../platform/scope.js';
import type { PortalApi } from '../portal/index.js';
import * as foreign from './care-programs.directory.repository.js';
import * as kind from './care-programs.kindness.repository.js';
import { noticeWishClaimed } from './care-programs.notices.service.js';
import { claimDaysLeft, toFen, toYuan } from './care-programs.policy.js';
import type { CareDeps } from './care-programs.service.js';
import { districtNameOf, releaseClaim, termsOfClaim } from './care-programs.wishes.service.js';

type PublicRow = Awaited<ReturnType<typeof kind.publicWishes>>[number];
const publicView = (w: PublicRow | kind.WishRow): PublicWish => ({
  id: w.id,
  title: w.title,
  description: w.description,
  amount: toYuan(Number(w.amountFen)),
  state: w.state as WishState,
  publicName: w.publicName,
  district: w.districtName,
  publishedAt: w.publishedAt?.toISOString() ?? null,
  claimDays: w.claimDays,
});

const claimedView = (w: kind.WishRow, today: string): ClaimedWish => ({
  ...publicView(w),
  claimedAt: w.claimedAt?.toISOString() ?? null,
  deadline: w.state === 'claimed' ? w.claimDeadline : null,
  daysLeft: w.state === 'claimed' ? claimDaysLeft(w.claimDeadline, today) : null,
  fulfilledOn: w.fulfilledOn,
});
const notPublic = () => new AppError('NOT_FOUND', { field: 'wishId' });
const wrongState = () =>
  fieldError('CARE_INVALID_TRANSITION', 'wishId', '心愿当前状态不能执行此操作', 'the wish cannot do this in its state');

/**
 * 微心愿 on /h5: anyone reads the published wishes (masked name and district only); a signed-in resident submits her
 * own wish, bound to her village, and follows it; she claims a published wish as its donor (the wish's federation is
 * told, and reaches her at her phone) and follows her claims, or gives one up. Reads run as the portal role; her
 * writes run as the platform in her name (they read the org directory and the wish's donor columns, closed to the
 * portal role), and are audited as hers.
 */
export function createResidentWishes(
  deps: Pick<CareDeps, 'handle' | 'files' | 'crypto' | 'today'>,
  portal: Pick<PortalApi, 'residentContact' | 'residentPerson'>,
) {
  const read = <T>(r: ResidentActor | null, request: RequestInfo, fn: (s: Scoped) => Promise<T>) =>
    runAsPortal(deps.handle, { residentId: r?.residentId ?? null, trackingHash: null, request }, fn);
  const mine = (r: ResidentActor) =>
    read(r, r.request, async (s) =>
      (await kind.wishesOfResident(s, r.residentId)).map((w): MyWish => ({
        ...publicView(w),
        reviewNote: w.reviewNote,
        fulfilmentNote: w.fulfilmentNote,
      })),
    );

  const claimed = (r: ResidentActor) =>
    read(r, r.request, async (s) => {
      const today = deps.today();
      return (await kind.wishesClaimedByResident(s, r.residentId)).map((w) => claimedView(w, today));
    });
  const asHer = (r: ResidentActor) => ({
    kind: 'system' as const,
    name: `portal:resident:${r.residentId}`,
    request: r.request,
  });
  /** A wish shown on the wall (published, claimed or fulfilled), locked; any other is not found. */
  async function wallWish(s: Scoped, id: number) {
    const w = await kind.findWish(s, id, true);
    if (!w || !['published', 'claimed', 'fulfilled'].includes(w.state)) throw notPublic();
    return w;
  }

  return {
    claimed,
    /** She claims a published wish until her chosen last day (at the latest the wish's `claimDays` from today). */
    claim: async (
      r: ResidentActor,
      wishId: number,
      input: { deadline?: string | undefined } = {},
    ): Promise<ClaimedWish> => {
      const contact = await read(r, r.request, (s) => portal.residentContact(s, r.residentId));
      if (!contact) throw new AppError('UNAUTHENTICATED');
      const who = asHer(r);
      await runAsSystem(deps.handle, who, async (s) => {
        const w = await wallWish(s, wishId);
        if (!WISH_MACHINE.next('claim', w.state as WishState)) throw wrongState();
        if (w.residentId === r.residentId)
          throw fieldError('CONFLICT', 'wishId', '不能认领自己的心愿', 'you cannot claim your own wish');
        if ((await kind.openClaimsOfResident(s, r.residentId)) >= MAX_RESIDENT_CLAIMS)
          throw fieldError(
            'CONFLICT',
            'wishId',
            `最多同时认领 ${MAX_RESIDENT_CLAIMS} 个心愿，请先完成已认领的心愿`,
            `you may hold ${MAX_RESIDENT_CLAIMS} claims at once: fulfil one first`,
          );
        const terms = termsOfClaim(deps.today(), w, input.deadline);
        const updated = await kind.updateWish(s, w.id, {
          state: 'claimed',
          donorKind: 'resident',
          donorUserId: null,
          donorResidentId: r.residentId,
          donorName: contact.nickname?.trim() || '爱心居民',
          donorPhoneEnc: deps.crypto.encrypt(contact.phone),
          donorPhoneMasked: maskPhone(contact.phone),
          claimedAt: new Date(),
          claimDeadline: terms.deadline,
          claimRemindOn: terms.remindOn,
          claimRemindedAt: null,
        });
        await appendAudit(s.tx, who, {
          action: 'care.wishes.claim',
          targetType: 'care_wish',
          targetId: w.id,
          orgId: w.orgId,
          orgPath: w.orgPath,
          after: { donorKind: 'resident', residentId: r.residentId, deadline: terms.deadline },
        });
        await noticeWishClaimed(s, updated);
      });
      return (await claimed(r)).find((x) => x.id === wishId)!;
    },
    release: async (r: ResidentActor, wishId: number): Promise<ClaimedWish> => {
      const who = asHer(r);
      const w = await runAsSystem(deps.handle, who, async (s) => {
        const found = await wallWish(s, wishId);
        // only her own claim: anyone else's is not hers to give up (and not found, as a claim of hers)
        if (found.donorKind !== 'resident' || found.donorResidentId !== r.residentId) throw notPublic();
        if (!WISH_MACHINE.next('release', found.state as WishState)) throw wrongState();
        const { updated, removedProofs } = await releaseClaim(deps, s, found, { outcome: 'released', by: who });
        await appendAudit(s.tx, who, {
          action: 'care.wishes.release',
          targetType: 'care_wish',
          targetId: found.id,
          orgId: found.orgId,
          orgPath: found.orgPath,
          after: { residentId: r.residentId, removedProofs },
        });
        return updated;
      });
      return { ...claimedView(w, deps.today()), claimedAt: null };
    },
    published: (r: ResidentActor | null, request: RequestInfo) =>
      read(r, request, async (s) => (await kind.publicWishes(s)).map(publicView)),
    mine,
    submit: async (r: ResidentActor, input: z.infer<typeof PortalWishInput>): Promise<MyWish> => {
      const contact = await read(r, r.request, (s) => portal.residentContact(s, r.residentId));
      if (!contact?.villageId)
        throw fieldError('CONFLICT', 'villageId', '请先在“我的”中选择所在村（社区）', 'choose your village first (Me)');
      const personId = await portal.residentPerson(r.residentId);
      const name = `portal:resident:${r.residentId}`;
      const id = await runAsSystem(deps.handle, { kind: 'system', name, request: r.request }, async (s) => {
        const village = (await foreign.orgsById(s, [contact.villageId!])).get(contact.villageId!);
        if (!village || village.status !== 'active') throw new AppError('ORG_NOT_FOUND', { field: 'villageId' });
        const w = await kind.insertWish(s, {
          orgId: village.id,
          orgPath: village.path,
          districtId: districtIdOfPath(village.path),
          personId,
          residentId: r.residentId,
          source: 'resident',
          title: input.title,
          description: input.description,
          amountFen: toFen(input.amount),
          state: 'submitted',
          publicName: contact.nickname ? maskNameAfterFirst(contact.nickname) : '居民',
          districtName: await districtNameOf(s, village.path),
          createdBy: name,
        });
        await appendAudit(
          s.tx,
          { kind: 'system', name, request: r.request },
          {
            action: 'care.wishes.submit',
            targetType: 'care_wish',
            targetId: w.id,
            orgId: w.orgId,
            orgPath: w.orgPath,
            after: input,
          },
        );
        return w.id;
      });
      return (await mine(r)).find((w) => w.id === id)!;
    },
  };
}
export type ResidentWishes = ReturnType<typeof createResidentWishes>;
