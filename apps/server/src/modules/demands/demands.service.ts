import type { DemandInput, DemandListQuery, DemandState, DemandTransitionInput, Rating, SupervisionInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { peopleRepository } from '../people/index.js';
import { deadlinesFor, feedbackSpec } from './demands.deadlines.js';
import { eventActorOf, moveCounted, notices, ratingMetric, recordEvent, type DemandMetric } from './demands.effects.js';
import { categorySpec, createIntake } from './demands.intake.js';
import { canSupervise, checkTransition, rolesOf, type DemandActor, type DemandFacts } from './demands.policy.js';
import * as repo from './demands.repository.js';
import { demandsWithin } from './demands.repository.js';
import { detailView, idFromCode, listItems } from './demands.views.js';
import type { DeadlineSpec, Urgency } from '@jinguo/contracts';
import { sql } from 'drizzle-orm';
import { demands } from './demands.tables.js';

export interface DemandsDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  calendar: WorkCalendar;
  today: () => string;
}

export function userActorOf(actor: UserActor): DemandActor {
  return { kind: 'user', userId: actor.userId, permissions: actor.permissions, actingOrgId: actor.scope.orgId, actingPath: actor.scope.path };
}

export async function factsOf(s: Scoped, d: repo.DemandRow): Promise<DemandFacts> {
  const esc = d.escalatedToOrgId === null ? null : (await repo.orgsById(s, [d.escalatedToOrgId])).get(d.escalatedToOrgId);
  return {
    orgId: d.orgId, state: d.state as DemandState, assigneeUserId: d.assigneeUserId, residentId: d.residentId, trackingHash: d.trackingHash,
    escalatedToOrgId: d.escalatedToOrgId, escalatedToPath: esc?.path ?? null, personId: d.personId,
  };
}

/** Deadlines restart when a demand is reopened or reassigned: from now, with its category's tier. */
async function freshDeadlines(s: Scoped, deps: Pick<DemandsDeps, 'calendar'>, d: repo.DemandRow, from: Date) {
  const spec: DeadlineSpec = await categorySpec(s, d.category, d.urgency as Urgency);
  const dl = deadlinesFor(deps.calendar, from, spec);
  return { signDueAt: dl.signDueAt, feedbackDueAt: dl.feedbackDueAt, warnAt: dl.warnAt, warnedAt: null, nextEscalationAt: dl.nextEscalationAt, escalationLevel: 0, escalatedToOrgId: null };
}

/** Back to work: a new feedback deadline from now, escalation reset (its history stays), route chosen again. */
export async function reopenPatch(s: Scoped, deps: Pick<DemandsDeps, 'calendar'>, d: repo.DemandRow, now: Date): Promise<Partial<typeof demands.$inferInsert>> {
  const fresh = await freshDeadlines(s, deps, d, now);
  return { ...fresh, signDueAt: d.signDueAt, state: 'reopened', reopenCount: d.reopenCount + 1, route: null, assigneeUserId: null, repliedAt: null, closedAt: null };
}

export function createDemandsService(deps: DemandsDeps) {
  const intake = createIntake({ crypto: deps.crypto, calendar: deps.calendar });
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });

  async function requireDemand(s: Scoped, id: number, lock = false) {
    const d = await repo.findDemand(s, id, { lock });
    if (!d) throw new AppError('DEMAND_NOT_FOUND');
    return d;
  }

  /** The signing-for a route step implies when the demand was still waiting for it. */
  async function signIfNeeded(s: Scoped, d: repo.DemandRow, now: Date, patch: Partial<typeof demands.$inferInsert>) {
    if (d.signedAt !== null) return;
    patch.signedAt = now;
    const counted: DemandMetric[] = ['demands.signed', ...(now.getTime() <= d.signDueAt.getTime() ? ['demands.signed_on_time' as const] : [])];
    await recordEvent(s, d, eventActorOf(s), { action: 'sign', from: d.state as DemandState, to: 'signed', public: true, counted, at: now });
  }

  async function assigneeOf(s: Scoped, d: repo.DemandRow, userId: number, field: string) {
    const u = await repo.handlerOf(s, userId, d.orgPath);
    if (!u || !u.roles.some((r) => r === 'cadre' || r === 'volunteer')) throw new AppError('ASSIGNEE_INVALID', { field });
    return u;
  }

  /** Applies one transition of the state machines; the checks are in demands.policy.ts. */
  async function transition(s: Scoped, actor: UserActor, id: number, input: DemandTransitionInput) {
    const d = await requireDemand(s, id, true);
    const from = d.state as DemandState;
    const roles = rolesOf(userActorOf(actor), await factsOf(s, d));
    const check = checkTransition(roles, input.action, from, input.action === 'rate' ? input.rating : null);
    if (!check.ok) {
      throw new AppError(check.error, check.error === 'DEMAND_INVALID_TRANSITION'
        ? { field: 'action', zh: `诉求当前状态（${from}）不能进行此操作（${input.action}）`, en: `"${input.action}" is not allowed while the demand is "${from}"` }
        : { field: 'action' });
    }
    const to = check.to;
    const now = new Date();
    const patch: Partial<typeof demands.$inferInsert> = { state: to };
    const counted: DemandMetric[] = [];
    let data: Record<string, unknown> = {};
    let note: string | null = 'note' in input ? input.note ?? null : null;
    let isPublic = false;
    switch (input.action) {
      case 'sign':
        patch.signedAt = now;
        counted.push('demands.signed', ...(now.getTime() <= d.signDueAt.getTime() ? ['demands.signed_on_time' as const] : []));
        isPublic = true;
        break;
      case 'dispatch': {
        const u = await assigneeOf(s, d, input.assigneeUserId, 'assigneeUserId');
        await signIfNeeded(s, d, now, patch);
        Object.assign(patch, { route: 'handle', assigneeUserId: u.id });
        data = { assignee: { id: u.id, name: u.displayName } };
        break;
      }
      case 'accept': {
        if (roles.has('owner')) {
          await signIfNeeded(s, d, now, patch);
          const assignee = input.assigneeUserId ? await assigneeOf(s, d, input.assigneeUserId, 'assigneeUserId') : null;
          Object.assign(patch, { route: 'handle', assigneeUserId: assignee?.id ?? (from === 'dispatched' ? d.assigneeUserId : null) });
          data = assignee ? { assignee: { id: assignee.id, name: assignee.displayName } } : {};
        }
        isPublic = true;
        break;
      }
      case 'decline':
        Object.assign(patch, { assigneeUserId: null });
        // the volunteer hands the order back: it leaves her view, so the own-records lock is lifted for this write
        await repo.releaseOwnConfinement(s);
        break;
      case 'transfer':
        await signIfNeeded(s, d, now, patch);
        Object.assign(patch, { route: 'transfer', department: input.department, departmentContact: input.departmentContact ?? null, departmentDueOn: input.answerDueOn ?? null, assigneeUserId: null });
        data = { department: input.department, answerDueOn: input.answerDueOn ?? null };
        isPublic = true;
        break;
      case 'answer':
        Object.assign(patch, { departmentAnswer: input.answer, departmentAnsweredAt: now });
        note = input.answer;
        isPublic = true;
        break;
      case 'suggest':
        await signIfNeeded(s, d, now, patch);
        Object.assign(patch, { route: 'suggest', suggestion: input.suggestion, suggestedAt: now, assigneeUserId: null });
        data = { suggestion: input.suggestion };
        isPublic = true;
        break;
      case 'reply':
        Object.assign(patch, { reply: input.reply, repliedAt: now, nextEscalationAt: null });
        counted.push('demands.replied', ...(now.getTime() <= d.feedbackDueAt.getTime() ? ['demands.replied_on_time' as const] : []));
        note = input.reply;
        isPublic = true;
        break;
      case 'rate':
        Object.assign(patch, { rating: input.rating, ratingComment: input.comment ?? null, ratedAt: now });
        counted.push('demands.rated', ratingMetric(input.rating));
        if (to === 'closed') {
          patch.closedAt = now;
          counted.push('demands.closed');
        } else Object.assign(patch, await reopenPatch(s, deps, d, now));
        data = { rating: input.rating, by: 'staff' };
        note = input.comment ?? null;
        isPublic = true;
        break;
      case 'close':
        patch.closedAt = now;
        counted.push('demands.closed');
        isPublic = true;
        break;
      case 'reopen':
        Object.assign(patch, await reopenPatch(s, deps, d, now));
        isPublic = true;
        break;
      case 'cancel':
        Object.assign(patch, { closedAt: now, nextEscalationAt: null });
        isPublic = true;
        break;
    }
    const after = await repo.updateDemand(s, d.id, patch);
    await recordEvent(s, after, eventActorOf(s), { action: input.action, from, to, note, data, public: isPublic, counted, at: now });
    await appendAudit(s.tx, actor, { action: `demand.${input.action}`, targetType: 'demand', targetId: d.id, orgId: d.orgId, orgPath: d.orgPath, before: { state: from }, after: { state: to, ...data }, ...(note ? { reason: note.slice(0, 200) } : {}) });
    if (input.action === 'dispatch') await notices.dispatched(s, after, after.assigneeUserId!);
    if (input.action === 'reply') await notices.replied(s, after);
    if (input.action === 'rate') await notices.rated(s, after, input.rating as Rating);
    return after;
  }

  /** 督办 acts: comment (owner or supervisor), urge, reassign (supervisor: the org escalated to, or above). */
  async function supervise(s: Scoped, actor: UserActor, id: number, input: SupervisionInput) {
    requirePermission(actor, 'demand.write');
    const d = await requireDemand(s, id, true);
    const roles = rolesOf(userActorOf(actor), await factsOf(s, d));
    if (input.action !== 'comment' && d.escalatedToOrgId === null) throw new AppError('DEMAND_NOT_ESCALATED', { field: 'action' });
    if (!canSupervise(roles, input.action)) throw new AppError('DEMAND_ACTION_FORBIDDEN', { field: 'action' });
    const by = eventActorOf(s);
    if (input.action === 'comment' || input.action === 'urge') {
      await recordEvent(s, d, by, { action: input.action, from: null, to: null, note: input.note });
      await appendAudit(s.tx, actor, { action: `demand.${input.action}`, targetType: 'demand', targetId: d.id, orgId: d.orgId, orgPath: d.orgPath, reason: input.note.slice(0, 200) });
      if (input.action === 'urge') await notices.urged(s, d, input.note);
      return d;
    }
    const target = (await repo.orgsById(s, [input.orgId])).get(input.orgId);
    if (!target || target.status !== 'active' || !(target.path === actor.scope.path || target.path.startsWith(`${actor.scope.path}.`))) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    if (target.id === d.orgId) throw fieldError('VALIDATION_FAILED', 'orgId', '已是该组织的诉求', 'the demand already belongs to this org');
    const now = new Date();
    await moveCounted(s, d, target.path);
    await repo.moveHistory(s, d.id, target.path, target.districtId);
    const fresh = await freshDeadlines(s, deps, d, now);
    const after = await repo.updateDemand(s, d.id, { ...fresh, orgId: target.id, orgPath: target.path, districtId: target.districtId, state: 'received', route: null, assigneeUserId: null, signedAt: null });
    await recordEvent(s, after, by, { action: 'reassign', from: d.state as DemandState, to: 'received', note: input.note, public: true, data: { fromOrgId: d.orgId, toOrgId: target.id, toOrgName: target.name } });
    await appendAudit(s.tx, actor, { action: 'demand.reassign', targetType: 'demand', targetId: d.id, orgId: target.id, orgPath: target.path, before: { orgId: d.orgId, state: d.state }, after: { orgId: target.id, state: 'received' }, reason: input.note.slice(0, 200) });
    await notices.reassigned(s, after);
    return after;
  }

  return {
    intake,
    /** A transition inside the caller's transaction (the demo loader); routes use `transition`. */
    applyTransition: transition,

    create: (actor: UserActor, input: DemandInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.write');
        let requesterName = input.requester.name ?? null;
        if (input.requester.personId) {
          const p = await peopleRepository.findPerson(s, input.requester.personId);
          if (!p) throw new AppError('PERSON_NOT_FOUND', { field: 'requester.personId' });
          requesterName ??= p.name;
        }
        const row = await intake.openDemand(s, {
          orgId: input.orgId, source: input.source, category: input.category, urgency: input.urgency, title: input.title, description: input.description,
          personId: input.requester.personId ?? null, requesterName, contactPhone: input.requester.phone ?? null, sourceRef: input.sourceRef ?? null,
          ...(input.receivedAt ? { receivedAt: new Date(input.receivedAt) } : {}),
        });
        return detailView(s, row, userActorOf(actor));
      }),

    get: (actor: UserActor, id: number) => run(actor, async (s) => detailView(s, await requireDemand(s, id), userActorOf(actor))),

    list: (actor: UserActor, q: DemandListQuery) =>
      run(actor, async (s) => {
        let org = { id: actor.scope.orgId, path: actor.scope.path };
        if (q.orgId !== undefined) {
          const o = (await repo.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !(o.path === actor.scope.path || o.path.startsWith(`${actor.scope.path}.`))) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          org = { id: o.id, path: o.path };
        }
        // a volunteer has only what was dispatched to her
        const view = actor.permissions.has('demand.read') ? q.view : 'mine';
        const where = [];
        const states = q.state === undefined ? [] : Array.isArray(q.state) ? q.state : [q.state];
        if (states.length) where.push(sql`${demands.state} in ${sql.raw(`(${states.map((x) => `'${x}'`).join(',')})`)}`);
        if (q.source) where.push(sql`${demands.source} = ${q.source}`);
        if (q.category) where.push(sql`${demands.category} = ${q.category}`);
        if (q.overdue === true) where.push(sql`${repo.isOpen} and ${demands.repliedAt} is null and ${demands.feedbackDueAt} < now()`);
        if (q.overdue === false) where.push(sql`not (${repo.isOpen} and ${demands.repliedAt} is null and ${demands.feedbackDueAt} < now())`);
        if (q.q) {
          const codeId = idFromCode(q.q);
          where.push(codeId !== null ? sql`${demands.id} = ${codeId}` : sql`${demands.title} like ${`%${q.q.replace(/[%_\\]/g, '\\$&')}%`}`);
        }
        const after = decodeCursor<{ k: string; id: number }>(q.cursor);
        const rows = await repo.listDemands(s, { view, org, userId: actor.userId, where, after: after ? { k: String(after.k), id: Number(after.id) || 0 } : null, limit: q.limit });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const key = (d: repo.DemandRow) => (view === 'all' ? d.receivedAt : d.feedbackDueAt).toISOString();
        return { items: await listItems(s, page), nextCursor: rows.length > q.limit && last ? encodeCursor({ k: key(last), id: last.id }) : null };
      }),

    transition: (actor: UserActor, id: number, input: DemandTransitionInput) =>
      run(actor, async (s) => detailView(s, await transition(s, actor, id, input), userActorOf(actor))),

    supervise: (actor: UserActor, id: number, input: SupervisionInput) =>
      run(actor, async (s) => detailView(s, await supervise(s, actor, id, input), userActorOf(actor))),

    /** Cadres and volunteers a demand of `orgId` can be dispatched to. */
    handlers: (actor: UserActor, orgId: number) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.write');
        const o = (await repo.orgsById(s, [orgId])).get(orgId);
        if (!o || !(o.path === actor.scope.path || o.path.startsWith(`${actor.scope.path}.`))) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        return { items: (await repo.handlersOfOrg(s, o.path)).map((u) => ({ id: u.id, displayName: u.displayName, roles: u.roles as ('cadre' | 'volunteer')[] })) };
      }),

    categories: (actor: UserActor) =>
      run(actor, async (s) => ({
        items: (await repo.categories(s)).map((c) => ({ code: c.code, name: { 'zh-CN': c.nameZh, 'en-US': c.nameEn }, builtin: c.builtin, deadlines: c.deadlines as Record<string, DeadlineSpec> })),
      })),

    createCategory: (actor: UserActor, input: { code: string; nameZh: string; nameEn: string; deadlines: Partial<Record<Urgency, DeadlineSpec>> }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        const row = await repo.insertCategory(s, { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, deadlines: input.deadlines, builtin: false });
        if (!row) throw new AppError('CONFLICT', { field: 'code', zh: '类别代码已存在', en: 'The category code already exists' });
        await appendAudit(s.tx, actor, { action: 'demand.category.create', targetType: 'demand_category', targetId: input.code, after: input });
        return { code: row.code, name: { 'zh-CN': row.nameZh, 'en-US': row.nameEn }, builtin: false, deadlines: row.deadlines as Record<string, DeadlineSpec> };
      }),

    suggestions: (actor: UserActor, q: { orgId?: number | undefined; handed?: boolean | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.read');
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await repo.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !(o.path === path || o.path.startsWith(`${path}.`))) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        const rows = await repo.suggestions(s, path, q.handed);
        const items = await listItems(s, rows);
        return {
          items: rows.map((d, i) => ({
            demandId: d.id, code: items[i]!.code, org: items[i]!.org, category: d.category, title: d.title, suggestion: d.suggestion ?? '',
            suggestedAt: (d.suggestedAt ?? d.receivedAt).toISOString(), handedTo: d.suggestionHandedTo, handedAt: d.suggestionHandedAt?.toISOString() ?? null,
          })),
        };
      }),

    /** Hands collected suggestions to deputies / CPPCC members: recorded on each demand and in the audit trail. */
    handOver: (actor: UserActor, input: { demandIds: number[]; handedTo: string; note?: string | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.write');
        const now = new Date();
        for (const id of [...new Set(input.demandIds)]) {
          const d = await repo.findDemand(s, id, { lock: true, visible: sql`${demandsWithin(actor.scope.path)}` });
          if (!d || d.suggestion === null) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandIds' });
          await repo.updateDemand(s, d.id, { suggestionHandedTo: input.handedTo, suggestionHandedAt: now });
          await recordEvent(s, d, eventActorOf(s), { action: 'hand_over', from: null, to: null, note: input.note ?? null, data: { handedTo: input.handedTo } });
          await appendAudit(s.tx, actor, { action: 'demand.suggestion.hand_over', targetType: 'demand', targetId: d.id, orgId: d.orgId, orgPath: d.orgPath, after: { handedTo: input.handedTo } });
        }
        return { handed: new Set(input.demandIds).size };
      }),
  };
}
export type DemandsService = ReturnType<typeof createDemandsService>;
export { feedbackSpec };
