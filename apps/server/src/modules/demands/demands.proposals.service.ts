import type { z } from 'zod';
import {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_MACHINE,
  type Proposal,
  type ProposalInput,
  type ProposalState,
  type ProposalTransitionInput,
  type ProposalUpdate,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.proposals.repository.js';
import * as demandsRepo from './demands.repository.js';
import type { DemandsDeps } from './demands.service.js';
import { eventActorOf, recordEvent } from './demands.statistics.js';

/**
 * 人大建议 / 政协提案 as records: created (carrying collected suggestions, which are then marked as handed over),
 * corrected, moved along PROPOSAL_MACHINE (submitted with its number, accepted or not, replied), and deleted while
 * still a draft. Scoped to the actor's subtree; every write audited.
 */
export function createProposals(deps: DemandsDeps) {
  const run = <T>(actor: UserActor, permission: 'demand.read' | 'demand.write', fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      requirePermission(actor, permission);
      return fn(s);
    });
  const view = (r: repo.ProposalRow, actor: UserActor): Proposal => ({
    id: r.id,
    org: { id: r.orgId, name: r.orgName },
    kind: r.kind as Proposal['kind'],
    number: r.number,
    title: r.title,
    body: r.body,
    deputy: r.deputy,
    submittedOn: r.submittedOn,
    status: r.status as ProposalState,
    reply: r.reply,
    replyOrg: r.replyOrg,
    repliedOn: r.repliedOn,
    demandIds: r.demandIds.map(Number),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    allowedActions: actor.permissions.has('demand.write')
      ? PROPOSAL_MACHINE.actionsFrom(r.status as ProposalState)
      : [],
  });
  const required = async (s: Scoped, id: number, lock = false) => {
    const r = await repo.findProposal(s, id, s.actor.kind === 'user' ? s.actor.scope.path : '', lock);
    if (!r) throw new AppError('PROPOSAL_NOT_FOUND', { field: 'proposalId' });
    return r;
  };
  const notFuture = (day: string, field: string) => {
    if (day > deps.today())
      throw fieldError('VALIDATION_FAILED', field, '日期不能晚于今天', 'the date is in the future');
  };
  const audit = (
    s: Scoped,
    actor: UserActor,
    action: string,
    r: { id: number; orgId: number; orgPath: string },
    after?: object,
  ) =>
    appendAudit(s.tx, actor, {
      action,
      targetType: 'deputy_proposal',
      targetId: r.id,
      orgId: r.orgId,
      orgPath: r.orgPath,
      ...(after ? { after } : {}),
    });

  return {
    list: (
      actor: UserActor,
      q: { orgId?: number | undefined; kind?: string | undefined; status?: string | undefined },
    ) =>
      run(actor, 'demand.read', async (s) => {
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await foreign.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !pathWithin(o.path, path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        return { items: (await repo.listProposals(s, path, q)).map((r) => view(r, actor)) };
      }),

    get: (actor: UserActor, id: number) => run(actor, 'demand.read', async (s) => view(await required(s, id), actor)),

    create: (actor: UserActor, input: ProposalInput) =>
      run(actor, 'demand.write', async (s) => {
        const org = (await foreign.orgsById(s, [input.orgId])).get(input.orgId);
        if (!org || org.status !== 'active' || !pathWithin(org.path, actor.scope.path))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const demandIds = [...new Set(input.demandIds)];
        const id = await repo.insertProposal(s, {
          orgId: org.id,
          orgPath: org.path,
          districtId: org.districtId,
          kind: input.kind,
          title: input.title,
          body: input.body,
          deputy: input.deputy ?? null,
          status: 'drafted',
          demandIds,
          createdBy: actor.displayName,
        });
        // The suggestions it carries are handed over: to this record, not to a name typed in.
        const handedTo = `${PROPOSAL_KIND_LABELS[input.kind]['zh-CN']}《${input.title}》`.slice(0, 100);
        for (const demandId of demandIds) {
          const d = await demandsRepo.findDemand(s, demandId, {
            lock: true,
            visible: demandsRepo.demandsWithin(actor.scope.path),
          });
          if (!d || d.suggestion === null) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandIds' });
          await demandsRepo.updateDemand(s, d.id, { suggestionHandedTo: handedTo, suggestionHandedAt: new Date() });
          await recordEvent(s, d, eventActorOf(s), {
            action: 'hand_over',
            from: null,
            to: null,
            note: null,
            data: { handedTo, proposalId: id },
          });
        }
        const r = await required(s, id);
        await audit(s, actor, 'demand.proposal.create', r, { kind: r.kind, title: r.title, demandIds });
        return view(r, actor);
      }),

    update: (actor: UserActor, id: number, input: z.infer<typeof ProposalUpdate>) =>
      run(actor, 'demand.write', async (s) => {
        const r = await required(s, id, true);
        if (input.number !== undefined && r.status === 'drafted')
          throw fieldError('VALIDATION_FAILED', 'number', '编号在登记提交时填写', 'the number is given on submission');
        const { version, ...patch } = input;
        if (!(await repo.updateProposal(s, id, version, patch)))
          throw new AppError('CONFLICT', {
            zh: '记录已被他人修改，请刷新后重试',
            en: 'Changed by someone else: reload',
          });
        await audit(s, actor, 'demand.proposal.update', r, patch);
        return view(await required(s, id), actor);
      }),

    transition: (actor: UserActor, id: number, input: ProposalTransitionInput) =>
      run(actor, 'demand.write', async (s) => {
        const r = await required(s, id, true);
        const to = PROPOSAL_MACHINE.next(input.action, r.status as ProposalState);
        if (!to) throw new AppError('PROPOSAL_INVALID_TRANSITION', { field: 'action' });
        const patch: repo.ProposalPatch = { status: to };
        if (input.action === 'submit') {
          notFuture(input.submittedOn, 'submittedOn');
          Object.assign(patch, { number: input.number, submittedOn: input.submittedOn });
        }
        if (input.action === 'reply') {
          notFuture(input.repliedOn, 'repliedOn');
          if (r.submittedOn && input.repliedOn < r.submittedOn)
            throw fieldError(
              'VALIDATION_FAILED',
              'repliedOn',
              '答复日期早于提出日期',
              'the reply precedes the submission',
            );
          Object.assign(patch, { reply: input.reply, replyOrg: input.replyOrg, repliedOn: input.repliedOn });
        }
        await repo.updateProposal(s, id, r.version, patch);
        await appendAudit(s.tx, actor, {
          action: `demand.proposal.${input.action}`,
          targetType: 'deputy_proposal',
          targetId: r.id,
          orgId: r.orgId,
          orgPath: r.orgPath,
          after: { from: r.status, to },
        });
        return view(await required(s, id), actor);
      }),

    remove: (actor: UserActor, id: number) =>
      run(actor, 'demand.write', async (s) => {
        const r = await required(s, id, true);
        if (r.status !== 'drafted')
          throw new AppError('PROPOSAL_INVALID_TRANSITION', {
            zh: '已提交的建议提案不能删除',
            en: 'A submitted proposal cannot be deleted',
          });
        await repo.deleteProposal(s, id);
        await audit(s, actor, 'demand.proposal.delete', r, { title: r.title });
      }),
  };
}
export type ProposalsService = ReturnType<typeof createProposals>;
