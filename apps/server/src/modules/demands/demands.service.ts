import { sql } from 'drizzle-orm';
import type {
  DeadlineSpec,
  DemandInput,
  DemandListQuery,
  DemandTransitionInput,
  SupervisionInput,
  Urgency,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { peopleRepository } from '../people/index.js';
import { feedbackSpec } from './demands.deadlines.policy.js';
import { eventActorOf, recordEvent } from './demands.statistics.js';
import { createIntake } from './demands.intake.service.js';
import * as repo from './demands.repository.js';
import { demandsWithin } from './demands.repository.js';
import { demands } from './demands.tables.js';
import { createTransitions, requireDemand, userActorOf } from './demands.transitions.service.js';
import { detailView, idFromCode, listItems } from './demands.views.js';

export interface DemandsDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  calendar: WorkCalendar;
  today: () => string;
}

export function createDemandsService(deps: DemandsDeps) {
  const intake = createIntake({ crypto: deps.crypto, calendar: deps.calendar });
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) =>
    runScoped(deps.handle, actor, async (s) => {
      await repo.confineToOwn(s);
      return fn(s);
    });
  const { transition, supervise } = createTransitions(deps);

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
          orgId: input.orgId,
          source: input.source,
          category: input.category,
          urgency: input.urgency,
          title: input.title,
          description: input.description,
          personId: input.requester.personId ?? null,
          requesterName,
          contactPhone: input.requester.phone ?? null,
          sourceRef: input.sourceRef ?? null,
          ...(input.receivedAt ? { receivedAt: new Date(input.receivedAt) } : {}),
        });
        return detailView(s, row, userActorOf(actor));
      }),

    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => detailView(s, await requireDemand(s, id), userActorOf(actor))),

    list: (actor: UserActor, q: DemandListQuery) =>
      run(actor, async (s) => {
        let org = { id: actor.scope.orgId, path: actor.scope.path };
        if (q.orgId !== undefined) {
          const o = (await repo.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !(o.path === actor.scope.path || o.path.startsWith(`${actor.scope.path}.`)))
            throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          org = { id: o.id, path: o.path };
        }
        // a volunteer has only what was dispatched to her
        const view = actor.permissions.has('demand.read') ? q.view : 'mine';
        const where = [];
        const states = q.state === undefined ? [] : Array.isArray(q.state) ? q.state : [q.state];
        if (states.length)
          where.push(sql`${demands.state} in ${sql.raw(`(${states.map((x) => `'${x}'`).join(',')})`)}`);
        if (q.source) where.push(sql`${demands.source} = ${q.source}`);
        if (q.category) where.push(sql`${demands.category} = ${q.category}`);
        if (q.overdue === true)
          where.push(sql`${repo.isOpen} and ${demands.repliedAt} is null and ${demands.feedbackDueAt} < now()`);
        if (q.overdue === false)
          where.push(sql`not (${repo.isOpen} and ${demands.repliedAt} is null and ${demands.feedbackDueAt} < now())`);
        if (q.q) {
          const codeId = idFromCode(q.q);
          where.push(
            codeId !== null
              ? sql`${demands.id} = ${codeId}`
              : sql`${demands.title} like ${`%${q.q.replace(/[%_\\]/g, '\\$&')}%`}`,
          );
        }
        const after = decodeKeysetCursor(q.cursor, 'timestamp');
        const rows = await repo.listDemands(s, { view, org, userId: actor.userId, where, after, limit: q.limit });
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        const key = (d: repo.DemandRow) => (view === 'all' ? d.receivedAt : d.feedbackDueAt).toISOString();
        return {
          items: await listItems(s, page),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: key(last), id: last.id }) : null,
        };
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
        if (!o || !(o.path === actor.scope.path || o.path.startsWith(`${actor.scope.path}.`)))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        return {
          items: (await repo.handlersOfOrg(s, o.path)).map((u) => ({
            id: u.id,
            displayName: u.displayName,
            roles: u.roles as ('cadre' | 'volunteer')[],
          })),
        };
      }),

    categories: (actor: UserActor) =>
      run(actor, async (s) => ({
        items: (await repo.categories(s)).map((c) => ({
          code: c.code,
          name: { 'zh-CN': c.nameZh, 'en-US': c.nameEn },
          builtin: c.builtin,
          deadlines: c.deadlines as Record<string, DeadlineSpec>,
        })),
      })),

    createCategory: (
      actor: UserActor,
      input: { code: string; nameZh: string; nameEn: string; deadlines: Partial<Record<Urgency, DeadlineSpec>> },
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'catalogue.write');
        const row = await repo.insertCategory(s, {
          code: input.code,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          deadlines: input.deadlines,
          builtin: false,
        });
        if (!row)
          throw new AppError('CONFLICT', {
            field: 'code',
            zh: '类别代码已存在',
            en: 'The category code already exists',
          });
        await appendAudit(s.tx, actor, {
          action: 'demand.category.create',
          targetType: 'demand_category',
          targetId: input.code,
          after: input,
        });
        return {
          code: row.code,
          name: { 'zh-CN': row.nameZh, 'en-US': row.nameEn },
          builtin: false,
          deadlines: row.deadlines as Record<string, DeadlineSpec>,
        };
      }),

    suggestions: (actor: UserActor, q: { orgId?: number | undefined; handed?: boolean | undefined }) =>
      run(actor, async (s) => {
        requirePermission(actor, 'demand.read');
        let path = actor.scope.path;
        if (q.orgId !== undefined) {
          const o = (await repo.orgsById(s, [q.orgId])).get(q.orgId);
          if (!o || !(o.path === path || o.path.startsWith(`${path}.`)))
            throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
          path = o.path;
        }
        const rows = await repo.suggestions(s, path, q.handed);
        const items = await listItems(s, rows);
        return {
          items: rows.map((d, i) => ({
            demandId: d.id,
            code: items[i]!.code,
            org: items[i]!.org,
            category: d.category,
            title: d.title,
            suggestion: d.suggestion ?? '',
            suggestedAt: (d.suggestedAt ?? d.receivedAt).toISOString(),
            handedTo: d.suggestionHandedTo,
            handedAt: d.suggestionHandedAt?.toISOString() ?? null,
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
          await recordEvent(s, d, eventActorOf(s), {
            action: 'hand_over',
            from: null,
            to: null,
            note: input.note ?? null,
            data: { handedTo: input.handedTo },
          });
          await appendAudit(s.tx, actor, {
            action: 'demand.suggestion.hand_over',
            targetType: 'demand',
            targetId: d.id,
            orgId: d.orgId,
            orgPath: d.orgPath,
            after: { handedTo: input.handedTo },
          });
        }
        return { handed: new Set(input.demandIds).size };
      }),
  };
}
export type DemandsService = ReturnType<typeof createDemandsService>;
export { feedbackSpec };
