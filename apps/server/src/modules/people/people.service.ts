import type { Person, PersonInput, PersonListItem, PersonSearchQuery, UpdatePersonInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import {
  pathWithin,
  readScoped,
  readScopedLifted,
  requirePermission,
  runScoped,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import * as directory from './people.directory.repository.js';
import { personColumns } from './people.policy.js';
import { createSavedFiltersService } from './people.filters.service.js';
import { createTagsService } from './people.tags.service.js';
import { auditPerson, personListItem, personView as toPersonView } from './people.views.js';
import { createGuardiansService } from './people.guardians.service.js';
import * as reads from './people.reads.repository.js';
import * as repo from './people.repository.js';
import * as search from './people.search.repository.js';

export interface PeopleDeps {
  handle: DbHandle;
  crypto: FieldCrypto;
  today: () => string;
}

export async function requirePerson(s: Scoped, id: number, field?: string): Promise<repo.PersonRow> {
  const p = await repo.findPerson(s, id);
  if (!p) throw new AppError('PERSON_NOT_FOUND', field ? { field } : {});
  return p;
}

/** A person the actor may change: inside her subtree (a mobile federation reads its members but does not edit them). */
export async function requireWritablePerson(s: Scoped, id: number, field?: string): Promise<repo.PersonRow> {
  const p = await requirePerson(s, id, field);
  if (s.scopePath !== null && (s.mobileOrgId !== null || !pathWithin(p.orgPath, s.scopePath))) {
    throw new AppError('PERSON_NOT_FOUND', field ? { field } : {});
  }
  return p;
}

/** The org a record may be bound to: inside the actor's subtree and active. */
export async function requireHomeOrg(s: Scoped, orgId: number) {
  const org = await directory.findOrg(s, orgId);
  if (!org || org.status !== 'active') throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
  return org;
}

export async function checkTags(s: Scoped, tags: string[]) {
  const known = await repo.tagCodes(s);
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length)
    throw fieldError('TAG_UNKNOWN', 'tags', `标签不存在：${unknown.join('、')}`, `unknown tags: ${unknown.join(', ')}`);
}

/**
 * Registers a person inside the caller's transaction (checks, encryption, tags, audit). The people routes call it
 * with person.write; other modules (a case intake registering its victim) call it under their own permission.
 */
export async function registerPerson(
  s: Scoped,
  deps: Pick<PeopleDeps, 'crypto' | 'today'>,
  input: PersonInput,
  audit: { reason?: string } = {},
): Promise<repo.PersonRow> {
  const org = await requireHomeOrg(s, input.orgId);
  const cols = personColumns(input, deps.crypto, deps.today());
  if (cols.idNumberHash && (await repo.idNumberTakenBy(s, cols.idNumberHash as string, null)) !== null) {
    throw new AppError('PERSON_DUPLICATE_ID', { field: 'idNumber' });
  }
  await checkTags(s, input.tags ?? []);
  const row = await repo.insertPerson(s, {
    ...(cols as object),
    name: input.name,
    orgId: org.id,
    orgPath: org.path,
    districtId: org.districtId,
  } as repo.PersonInsert);
  await repo.addTags(
    s,
    row,
    [...new Set(input.tags ?? [])],
    s.actor.kind === 'user' ? s.actor.username : `system:${s.actor.name}`,
  );
  await appendAudit(s.tx, s.actor, {
    action: 'person.create',
    targetType: 'person',
    targetId: row.id,
    orgId: org.id,
    orgPath: org.path,
    ...(audit.reason ? { reason: audit.reason } : {}),
    after: { ...auditPerson(row, deps.crypto), tags: input.tags ?? [] },
  });
  return row;
}

/** A person as the API shows her: org, current tags and guardians, sensitive fields masked. */
export async function personView(
  deps: Pick<PeopleDeps, 'crypto' | 'today'>,
  s: Scoped,
  row: repo.PersonRow,
): Promise<Person> {
  const [org] = [...(await repo.orgSummaries(s, [row.orgId])).values()];
  const tags = await repo.currentTags(s, [row.id]);
  const guardians = await repo.guardiansOf(s, row.id);
  return toPersonView(row, { org: org as Person['org'], tags, guardians }, deps.today(), deps.crypto);
}

export function createPeopleService(deps: PeopleDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  const view = (s: Scoped, row: repo.PersonRow) => personView(deps, s, row);

  async function listItems(s: Scoped, rows: repo.PersonRow[]): Promise<PersonListItem[]> {
    const orgs = await repo.orgSummaries(
      s,
      rows.map((r) => r.orgId),
    );
    const tags = await repo.currentTags(
      s,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      personListItem(
        r,
        orgs.get(r.orgId) as PersonListItem['org'],
        tags.filter((t) => t.personId === r.id).map((t) => t.tag),
        deps.today(),
      ),
    );
  }

  return {
    view,
    listItems,

    create: (actor: UserActor, input: PersonInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        return view(s, await registerPerson(s, deps, input));
      }),

    /** One statement, one round trip with the scope setup (docs/decisions/0017). */
    get: async (actor: UserActor, id: number): Promise<Person> => {
      const [found] = await readScoped<{ person: reads.PersonDetailJson }>(deps.handle, actor, (s) =>
        reads.personDetailStatement(s, id),
      );
      if (!found) throw new AppError('PERSON_NOT_FOUND');
      const { row, org, tags, guardians } = reads.personDetailRow(found.person);
      return toPersonView(row, { org: (org ?? undefined) as Person['org'], tags, guardians }, deps.today(), crypto);
    },

    update: (actor: UserActor, id: number, input: UpdatePersonInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.write');
        const before = await requireWritablePerson(s, id);
        if (before.status !== 'active') throw new AppError('PERSON_MERGED');
        const { version, tags, orgId, ...fields } = input;
        // A new ID number must agree with the birth date and gender the record keeps, unless those change too.
        const cols = personColumns(
          {
            ...fields,
            ...(fields.idNumber
              ? {
                  birthDate: fields.birthDate ?? before.birthDate,
                  gender: fields.gender ?? (before.gender as 'female' | 'male' | null),
                }
              : {}),
          },
          crypto,
          deps.today(),
        );
        if (
          !fields.idNumber &&
          before.idNumberHash &&
          (fields.birthDate !== undefined || fields.gender !== undefined)
        ) {
          const id = crypto.decrypt(before.idNumberEnc!);
          personColumns(
            {
              idNumber: id,
              birthDate: fields.birthDate ?? before.birthDate,
              gender: fields.gender ?? (before.gender as 'female' | 'male' | null),
            },
            crypto,
            deps.today(),
          );
        }
        if (cols.idNumberHash && (await repo.idNumberTakenBy(s, cols.idNumberHash as string, id)) !== null)
          throw new AppError('PERSON_DUPLICATE_ID', { field: 'idNumber' });
        if (orgId !== undefined && orgId !== before.orgId) {
          const org = await requireHomeOrg(s, orgId);
          Object.assign(cols, { orgId: org.id, orgPath: org.path, districtId: org.districtId });
        }
        const after = await repo.updatePerson(s, id, version, cols);
        if (!after) throw new AppError('PERSON_VERSION_CONFLICT', { field: 'version' });
        if (after.orgPath !== before.orgPath) await repo.moveLinkedRecords(s, after);
        if (tags) {
          await checkTags(s, tags);
          const current = new Set((await repo.currentTags(s, [id])).map((t) => t.tag));
          await repo.addTags(
            s,
            after,
            tags.filter((t) => !current.has(t)),
            actor.username,
          );
          await repo.removeTags(
            s,
            id,
            [...current].filter((t) => !tags.includes(t)),
            actor.username,
          );
        }
        await appendAudit(s.tx, actor, {
          action: 'person.update',
          targetType: 'person',
          targetId: id,
          orgId: after.orgId,
          orgPath: after.orgPath,
          before: auditPerson(before, crypto),
          after: auditPerson(after, crypto),
        });
        return view(s, after);
      }),

    /** Shows one sensitive field in clear: needs person.unmask and a typed reason; always audited. */
    unmask: (
      actor: UserActor,
      id: number,
      field: 'idNumber' | 'phone' | 'householdAddress' | 'residenceAddress',
      reason: string,
    ) =>
      run(actor, async (s) => {
        requirePermission(actor, 'person.unmask');
        const p = await requirePerson(s, id);
        const stored = {
          idNumber: p.idNumberEnc,
          phone: p.phoneEnc,
          householdAddress: p.householdAddressEnc,
          residenceAddress: p.residenceAddressEnc,
        }[field];
        await appendAudit(s.tx, actor, {
          action: 'person.unmask',
          targetType: 'person',
          targetId: id,
          orgId: p.orgId,
          orgPath: p.orgPath,
          reason,
          after: { field },
        });
        return { field, value: stored ? crypto.decrypt(stored) : null };
      }),

    /**
     * The candidates (RLS lifted, the app's scope kept) and the page read back under RLS travel as one message: one
     * round trip, or two when the query names an org to narrow to (docs/decisions/0017).
     */
    search: async (actor: UserActor, q: PersonSearchQuery) => {
      let orgPath: string | null = null;
      if (q.orgId !== undefined) {
        const orgId = q.orgId;
        const org = await run(actor, (s) => directory.findOrg(s, orgId));
        if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        orgPath = org.path;
      }
      const text = q.q ?? '';
      const lookups = search.searchLookups(text, (v) => crypto.lookupHash(v));
      const after = decodeCursor<{ k: string; id: number }>(q.cursor);
      const desc = q.order === 'desc';
      const [found] = await readScopedLifted<{ items: reads.PersonListJson[] }>(
        deps.handle,
        actor,
        (s) => [
          search.CANDIDATE_SETTINGS,
          // a text query's selectivity is in its values: planned for them (a list's plan is the same for any scope; a
          // name fragment walks the same ordered indexes whatever it is: plannedForValues)
          ...(search.plannedForValues(q.q) ? [search.CANDIDATE_PLAN] : []),
          reads.keepCandidatesStatement(
            search.searchCandidatesStatement(s, {
              ...search.queryConditions(q, lookups, orgPath, deps.today()),
              order: q.sort,
              desc,
              selective: search.selectiveQuery(q.q),
              after: after ? { k: String(after.k), id: Number(after.id) || 0 } : null,
              limit: q.limit,
            }),
            desc,
          ),
          ...(search.plannedForValues(q.q) ? [search.CANDIDATE_PLAN_RESET] : []),
        ],
        (s) => reads.personPageStatement(s),
      );
      const rows = found?.items ?? [];
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const today = deps.today();
      return {
        items: page.map((r) => personListItem(r, (r.org ?? undefined) as PersonListItem['org'], r.tags, today)),
        nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.k, id: last.id }) : null,
      };
    },

    ...createGuardiansService(deps),
    ...createTagsService(deps, view),
    ...createSavedFiltersService(deps),
  };
}
export type PeopleService = ReturnType<typeof createPeopleService>;
