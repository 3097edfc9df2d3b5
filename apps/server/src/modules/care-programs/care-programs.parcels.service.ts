import type { z } from 'zod';
import type { AllocationInput, DeliveryInput, FeedbackInput, ParcelBatchInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { inOrder } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import {
  districtIdOfPath,
  pathWithin,
  requireOrgInScope,
  runScoped,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { bumpCounters } from '../../platform/stats/index.js';
import * as foreign from './care-programs.directory.repository.js';
import * as parcels from './care-programs.parcels.repository.js';
import { checkEligibility } from './care-programs.policy.js';
import { personFacts, regionPaths, requireProgram, rulesOf } from './care-programs.programs.service.js';
import type { CareDeps } from './care-programs.service.js';

/** 母亲邮包: batches bought by an org, passed down the tree, delivered to verified mothers, each with its 回音卡. */
export function createParcels(deps: CareDeps) {
  async function requireBatch(s: Scoped, id: number) {
    const b = await parcels.findBatch(s, id);
    if (!b) throw new AppError('PARCEL_BATCH_NOT_FOUND');
    return b;
  }
  async function batchView(s: Scoped, b: parcels.BatchRow) {
    const p = await requireProgram(s, b.programId);
    const allocations = await parcels.allocationsOf(s, b.id);
    const orgs = await foreign.orgsById(s, [b.orgId, ...allocations.map((a) => a.orgId)]);
    return {
      id: b.id,
      program: { id: p.id, name: p.name },
      org: { id: b.orgId, name: orgs.get(b.orgId)?.name ?? '' },
      name: b.name,
      tier: b.tier,
      quantity: b.quantity,
      allocations: allocations.map((a) => ({
        id: a.id,
        org: { id: a.orgId, name: orgs.get(a.orgId)?.name ?? '' },
        parentId: a.parentId,
        quantity: a.quantity,
        allocatedDown: a.allocatedDown,
        delivered: a.delivered,
        feedback: a.feedback,
      })),
    };
  }

  const inTx = {
    list: (actor: UserActor) =>
      runScoped(deps.handle, actor, async (s) => inOrder(await parcels.listBatches(s), (b) => batchView(s, b))),
    get: (actor: UserActor, id: number) =>
      runScoped(deps.handle, actor, async (s) => batchView(s, await requireBatch(s, id))),

    createIn: async (s: Scoped, actor: UserActor, input: z.infer<typeof ParcelBatchInput>) => {
      const p = await requireProgram(s, input.programId, 'programId');
      if (p.kind !== 'parcel')
        throw fieldError('VALIDATION_FAILED', 'programId', '该项目不是母亲邮包项目', 'not a parcel program');
      const org = requireOrgInScope(s, (await foreign.orgsById(s, [input.orgId])).get(input.orgId), {
        field: 'orgId',
        active: true,
      });
      if (!pathWithin(org.path, p.orgPath))
        throw fieldError('VALIDATION_FAILED', 'orgId', '组织不在项目范围内', 'the org is outside the program');
      const b = await parcels.insertBatch(s, {
        programId: p.id,
        orgId: org.id,
        orgPath: org.path,
        districtId: districtIdOfPath(org.path),
        name: input.name,
        tier: input.tier,
        quantity: input.quantity,
        createdBy: actor.username,
      });
      await parcels.insertAllocation(s, {
        batchId: b.id,
        parentId: null,
        orgId: org.id,
        orgPath: org.path,
        districtId: districtIdOfPath(org.path),
        quantity: input.quantity,
      });
      await appendAudit(s.tx, actor, {
        action: 'care.parcels.batch',
        targetType: 'care_parcel_batch',
        targetId: b.id,
        orgId: org.id,
        orgPath: org.path,
        after: input,
      });
      return batchView(s, b);
    },

    /** The acting org passes parcels of its allocation to its direct children: never more than it has left. */
    allocateIn: async (s: Scoped, actor: UserActor, batchId: number, input: z.infer<typeof AllocationInput>) => {
      const b = await requireBatch(s, batchId);
      const own = await parcels.lockAllocation(s, b.id, actor.scope.orgId);
      if (!own)
        throw fieldError('PARCEL_SHORT', 'items', '本组织没有该批次的邮包', 'your org holds no parcels of this batch');
      const orgs = await foreign.orgsById(
        s,
        input.items.map((i) => i.orgId),
      );
      const total = input.items.reduce((n, i) => n + i.quantity, 0);
      input.items.forEach((item, i) => {
        const o = orgs.get(item.orgId);
        if (!o || o.parentId !== actor.scope.orgId || o.status !== 'active')
          throw new AppError('ORG_NOT_FOUND', { field: `items.${i}.orgId` });
      });
      const left = own.quantity - own.allocatedDown - own.delivered;
      if (total > left)
        throw fieldError(
          'PARCEL_SHORT',
          'items',
          `可分配邮包仅剩 ${left} 个`,
          `only ${left} parcels are left to allocate`,
        );
      for (const item of input.items) {
        const o = orgs.get(item.orgId)!;
        const existing = await parcels.lockAllocation(s, b.id, o.id);
        if (existing) await parcels.growAllocation(s, existing.id, item.quantity);
        else
          await parcels.insertAllocation(s, {
            batchId: b.id,
            parentId: own.id,
            orgId: o.id,
            orgPath: o.path,
            districtId: districtIdOfPath(o.path),
            quantity: item.quantity,
          });
      }
      await parcels.addToAllocation(s, own.id, { allocatedDown: total });
      await appendAudit(s.tx, actor, {
        action: 'care.parcels.allocate',
        targetType: 'care_parcel_batch',
        targetId: b.id,
        orgId: actor.scope.orgId,
        orgPath: own.orgPath,
        after: input,
      });
      return batchView(s, b);
    },

    /** A parcel handed to a mother of the acting org's subtree, verified on the spot and against the rules. */
    deliverIn: async (s: Scoped, actor: UserActor, batchId: number, input: z.infer<typeof DeliveryInput>) => {
      const b = await requireBatch(s, batchId);
      const own = await parcels.lockAllocation(s, b.id, actor.scope.orgId);
      if (!own || own.quantity - own.allocatedDown - own.delivered < 1)
        throw fieldError('PARCEL_SHORT', 'batchId', '本组织没有可发放的邮包', 'your org has no parcel left to deliver');
      const p = await requireProgram(s, b.programId);
      const { person, facts } = await personFacts(deps, s, input.personId);
      if (!pathWithin(person.orgPath, actor.scope.path)) throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
      const { problems } = checkEligibility(
        { ...rulesOf(p).eligibility, civilCategories: [], diagnoses: [] },
        facts,
        await regionPaths(s, p),
        deps.today(),
      );
      if (problems.length)
        throw fieldError('CARE_NOT_ELIGIBLE', 'personId', problems[0]!.message['zh-CN'], problems[0]!.message['en-US']);
      if (input.deliveredOn > deps.today())
        throw fieldError(
          'VALIDATION_FAILED',
          'deliveredOn',
          '发放日期不能晚于今天',
          'the date cannot be in the future',
        );
      if (await parcels.deliveryOfPerson(s, b.id, person.id))
        throw fieldError('CONFLICT', 'personId', '她已领取过该批次邮包', 'she already received a parcel of this batch');
      const d = await parcels.insertDelivery(s, {
        allocationId: own.id,
        batchId: b.id,
        personId: person.id,
        orgPath: person.orgPath,
        districtId: districtIdOfPath(person.orgPath),
        deliveredOn: input.deliveredOn,
        verifiedBy: actor.displayName,
      });
      await parcels.addToAllocation(s, own.id, { delivered: 1 });
      await bumpCounters(s.tx, { orgPath: person.orgPath, day: input.deliveredOn, deltas: { 'care.parcels': 1 } });
      await appendAudit(s.tx, actor, {
        action: 'care.parcels.deliver',
        targetType: 'care_parcel_delivery',
        targetId: d.id,
        orgId: person.orgId,
        orgPath: person.orgPath,
        after: { batchId: b.id, personId: person.id },
      });
      return deliveryView(s, d);
    },

    /** 回音卡: the feedback card the mother returned, recorded against her delivery (once). */
    feedbackIn: async (s: Scoped, actor: UserActor, deliveryId: number, input: z.infer<typeof FeedbackInput>) => {
      const d = await parcels.findDelivery(s, deliveryId, true);
      if (!d) throw new AppError('NOT_FOUND', { field: 'deliveryId' });
      if (d.feedbackOn)
        throw fieldError('CONFLICT', 'deliveryId', '回音卡已登记', 'the feedback card is already recorded');
      if (input.receivedOn < d.deliveredOn || input.receivedOn > deps.today())
        throw fieldError(
          'VALIDATION_FAILED',
          'receivedOn',
          '回音卡日期须在发放之后、今天之前',
          'the card date must lie between the delivery and today',
        );
      const updated = await parcels.setFeedback(s, d.id, {
        feedbackOn: input.receivedOn,
        feedbackSatisfaction: input.satisfaction,
        feedbackMessage: input.message,
      });
      await parcels.addToAllocation(s, d.allocationId, { feedback: 1 });
      await appendAudit(s.tx, actor, {
        action: 'care.parcels.feedback',
        targetType: 'care_parcel_delivery',
        targetId: d.id,
        orgPath: d.orgPath,
      });
      return deliveryView(s, updated);
    },

    deliveries: (actor: UserActor, batchId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const b = await requireBatch(s, batchId);
        const allocations = await parcels.allocationsOf(s, b.id);
        const rows = await parcels.deliveriesOf(
          s,
          allocations.map((a) => a.id),
        );
        const persons = await foreign.personsById(
          s,
          rows.map((r) => r.personId),
        );
        return rows.map((d) => toView(d, persons.get(d.personId)?.name ?? ''));
      }),
  };
  return {
    ...inTx,
    create: (actor: UserActor, input: z.infer<typeof ParcelBatchInput>) =>
      runScoped(deps.handle, actor, (s) => inTx.createIn(s, actor, input)),
    allocate: (actor: UserActor, batchId: number, input: z.infer<typeof AllocationInput>) =>
      runScoped(deps.handle, actor, (s) => inTx.allocateIn(s, actor, batchId, input)),
    deliver: (actor: UserActor, batchId: number, input: z.infer<typeof DeliveryInput>) =>
      runScoped(deps.handle, actor, (s) => inTx.deliverIn(s, actor, batchId, input)),
    feedback: (actor: UserActor, deliveryId: number, input: z.infer<typeof FeedbackInput>) =>
      runScoped(deps.handle, actor, (s) => inTx.feedbackIn(s, actor, deliveryId, input)),
  };
}

function toView(d: parcels.DeliveryRow, name: string) {
  return {
    id: d.id,
    allocationId: d.allocationId,
    person: { id: d.personId, name },
    deliveredOn: d.deliveredOn,
    verifiedBy: d.verifiedBy,
    feedback: d.feedbackOn
      ? {
          receivedOn: d.feedbackOn,
          satisfaction: d.feedbackSatisfaction as 'satisfied',
          message: d.feedbackMessage ?? '',
        }
      : null,
  };
}
async function deliveryView(s: Scoped, d: parcels.DeliveryRow) {
  return toView(d, (await foreign.personsById(s, [d.personId])).get(d.personId)?.name ?? '');
}
