import type { z } from 'zod';
import type { GreetingListInput } from '@jinguo/contracts';
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
import * as foreign from './care-programs.directory.repository.js';
import * as parcels from './care-programs.parcels.repository.js';
import { requireProgram, rulesOf } from './care-programs.programs.service.js';
import type { CareDeps } from './care-programs.service.js';

/** A list stops growing here: a greeting list is walked door to door, not mailed to a city. */
const MAX_ENTRIES = 5_000;
const PAGE = 500;

/** 节日慰问: lists built from registry tags (困难妇女, 在外务工妇女 …) at an org, and who was greeted. */
export function createGreetings(deps: CareDeps) {
  /** The women of the subtree carrying any of the tags, found through the registry's own search (people module). */
  async function personsWithTags(s: Scoped, path: string, tags: readonly string[], gender: 'female' | 'male' | null) {
    const found = new Map<number, { id: number; orgId: number; orgPath: string }>();
    for (const tag of tags) {
      let after: { k: string; id: number } | null = null;
      for (;;) {
        const rows = await deps.people.personsWithTag(s, { path, tag, gender, after, limit: PAGE });
        for (const p of rows.slice(0, PAGE)) found.set(p.id, { id: p.id, orgId: p.orgId, orgPath: p.orgPath });
        if (found.size > MAX_ENTRIES)
          throw fieldError(
            'VALIDATION_FAILED',
            'orgId',
            `名单超过 ${MAX_ENTRIES} 人，请按镇街分别生成`,
            `more than ${MAX_ENTRIES} women: build a list per town`,
          );
        if (rows.length <= PAGE) break;
        const last = rows[PAGE - 1]!;
        after = { k: last.k, id: last.id };
      }
    }
    return [...found.values()];
  }

  async function view(s: Scoped, l: parcels.GreetingListRow) {
    const p = await requireProgram(s, l.programId);
    const entries = await parcels.greetingEntries(s, l.id);
    const persons = await foreign.personsById(
      s,
      entries.map((e) => e.personId),
    );
    const orgs = await foreign.orgsById(s, [l.orgId, ...entries.map((e) => e.orgId)]);
    return {
      id: l.id,
      program: { id: p.id, name: p.name },
      org: { id: l.orgId, name: orgs.get(l.orgId)?.name ?? '' },
      name: l.name,
      festival: l.festival,
      tagsAny: l.tagsAny,
      greetOn: l.greetOn,
      entries: entries.map((e) => ({
        id: e.id,
        person: { id: e.personId, name: persons.get(e.personId)?.name ?? '' },
        org: { id: e.orgId, name: orgs.get(e.orgId)?.name ?? '' },
        greetedAt: e.greetedAt?.toISOString() ?? null,
      })),
    };
  }

  const inTx = {
    list: (actor: UserActor) =>
      runScoped(deps.handle, actor, async (s) => {
        const lists = await parcels.listGreetingLists(s);
        return inOrder(lists, async (l) => ({ ...(await view(s, l)), entries: [] }));
      }),
    get: (actor: UserActor, id: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const l = await parcels.findGreetingList(s, id);
        if (!l) throw new AppError('NOT_FOUND', { field: 'listId' });
        return view(s, l);
      }),
    createIn: async (s: Scoped, actor: UserActor, input: z.infer<typeof GreetingListInput>) => {
      const p = await requireProgram(s, input.programId, 'programId');
      if (p.kind !== 'greeting')
        throw fieldError('VALIDATION_FAILED', 'programId', '该项目不是节日慰问项目', 'not a greetings program');
      const org = requireOrgInScope(s, (await foreign.orgsById(s, [input.orgId])).get(input.orgId), {
        field: 'orgId',
        active: true,
      });
      if (!pathWithin(org.path, p.orgPath))
        throw fieldError('VALIDATION_FAILED', 'orgId', '组织不在项目范围内', 'the org is outside the program');
      const known = await deps.people.tagCodes(s);
      input.tagsAny.forEach((t, i) => {
        if (!known.has(t)) throw fieldError('TAG_UNKNOWN', `tagsAny.${i}`, '标签不存在', 'unknown tag');
      });
      const women = await personsWithTags(s, org.path, input.tagsAny, rulesOf(p).eligibility.sex);
      const l = await parcels.insertGreetingList(s, {
        programId: p.id,
        orgId: org.id,
        orgPath: org.path,
        districtId: districtIdOfPath(org.path),
        name: input.name,
        festival: input.festival,
        tagsAny: input.tagsAny,
        greetOn: input.greetOn,
        createdBy: actor.username,
      });
      await parcels.insertGreetingEntries(
        s,
        women.map((w) => ({
          listId: l.id,
          personId: w.id,
          orgId: w.orgId,
          orgPath: w.orgPath,
          districtId: districtIdOfPath(w.orgPath),
        })),
      );
      await appendAudit(s.tx, actor, {
        action: 'care.greetings.create',
        targetType: 'care_greeting_list',
        targetId: l.id,
        orgId: org.id,
        orgPath: org.path,
        after: { ...input, entries: women.length },
      });
      return view(s, l);
    },
    greet: (actor: UserActor, listId: number, entryId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const l = await parcels.findGreetingList(s, listId);
        if (!l) throw new AppError('NOT_FOUND', { field: 'listId' });
        if (!(await parcels.markGreeted(s, l.id, entryId, actor.displayName)))
          throw new AppError('NOT_FOUND', { field: 'entryId' });
        await appendAudit(s.tx, actor, {
          action: 'care.greetings.greet',
          targetType: 'care_greeting_list',
          targetId: l.id,
          orgPath: l.orgPath,
          after: { entryId },
        });
        return view(s, l);
      }),
  };
  return {
    ...inTx,
    create: (actor: UserActor, input: z.infer<typeof GreetingListInput>) =>
      runScoped(deps.handle, actor, (s) => inTx.createIn(s, actor, input)),
  };
}
