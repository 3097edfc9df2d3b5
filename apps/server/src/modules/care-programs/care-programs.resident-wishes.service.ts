import type { z } from 'zod';
import {
  maskNameAfterFirst,
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
import { toFen, toYuan } from './care-programs.policy.js';
import type { CareDeps } from './care-programs.service.js';
import { districtNameOf } from './care-programs.wishes.service.js';

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
});

/**
 * 微心愿 on /h5: anyone reads the published wishes (masked name and district only); a signed-in resident submits her
 * own wish, bound to her village, and follows it. Reads run as the portal role; her submission runs as the platform
 * in her name (it reads the org directory, closed to the portal role).
 */
export function createResidentWishes(
  deps: Pick<CareDeps, 'handle'>,
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

  return {
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
