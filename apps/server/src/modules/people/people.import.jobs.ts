import { permissionsOf, type ImportCellProblem, type LocalizedText, type Role } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { JobContext } from '../../platform/jobs/jobs.js';
import { runAsSystem, runScoped, systemActor, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import { problem } from './people.import.policy.js';
import { NO_PERSONAL_FIELDS } from './people.policy.js';
import * as records from './people.import.records.repository.js';
import * as repo from './people.import.repository.js';
import {
  decide,
  IMPORT_QUEUE,
  openEntries,
  REGISTERED_ELSEWHERE,
  sealPrepared,
  yieldToOthers,
  type Entry,
  type PeopleImportDeps,
} from './people.import.service.js';

/**
 * The background import: the staged chunks committed one transaction each (persons, tags, refusals, the cursor and
 * counts, one audit event), as the importer as she is now; resumable after a crash from the last committed chunk.
 */

const ANALYZE_AFTER_ROWS = 10_000;

/** Test aid the job calls after each committed chunk (people.import.ts: importHooks). */
export interface ImportJobHooks {
  afterChunk?: ((e: { importId: number; chunk: number; finished: boolean }) => Promise<void> | void) | undefined;
}

export function createImportJob(deps: PeopleImportDeps, hooks: ImportJobHooks) {
  const { crypto, jobs } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  /* ----- the background import ----- */

  async function finish(s: Scoped, imp: repo.ImportRow) {
    const done = await repo.updateImport(s, imp.id, {
      status: 'done',
      finishedAt: new Date(),
      startedAt: imp.startedAt ?? new Date(),
    });
    await repo.dropChunks(s, imp.id);
    await appendAudit(s.tx, s.actor, {
      action: 'person.import.done',
      targetType: 'person_import',
      targetId: imp.id,
      orgId: imp.orgId,
      orgPath: imp.orgPath,
      after: {
        filename: imp.filename,
        rows: done.doneRows,
        chunks: done.doneChunks,
        inserted: done.inserted,
        updated: done.updated,
        unchanged: done.unchanged,
        refused: done.refused,
      },
    });
  }

  /**
   * One chunk in one transaction: persons, tags, current places (migrant profiles), refusals, the cursor and counts,
   * one audit event.
   */
  async function commitChunk(
    s: Scoped,
    importId: number,
  ): Promise<{ finished: boolean; chunk: number | null; rows: number }> {
    const imp = await repo.lockImport(s, importId);
    if (!imp || (imp.status !== 'queued' && imp.status !== 'running'))
      return { finished: true, chunk: null, rows: imp?.doneRows ?? 0 };
    const chunkNo = imp.doneChunks + 1;
    const staged = chunkNo <= imp.stagedChunks ? await repo.chunkOf(s, importId, chunkNo) : null;
    if (!staged) {
      await finish(s, imp);
      return { finished: true, chunk: null, rows: imp.doneRows };
    }
    const actor = s.actor as UserActor;
    const entries = openEntries(crypto, staged.data);
    // The orgs as they are now: one dissolved, merged or moved out of the subtree since the preview refuses its rows.
    const orgs = new Map(
      (await records.orgsByIds(s, [...new Set(entries.map((e) => e.p.orgId))])).map((o) => [o.id, o]),
    );
    const refused: repo.ProblemInsert[] = [];
    const refuse = (e: Entry, p: ImportCellProblem) =>
      refused.push({
        import_id: importId,
        row_no: e.r,
        org_path: imp.orgPath,
        valid: true,
        name: e.n,
        data: sealPrepared(crypto, e.p),
        cells_enc: null,
        problems: [p],
        result: 'refused',
      });
    const live: Entry[] = [];
    for (const e of entries) {
      const org = orgs.get(e.p.orgId);
      if (!org || org.status !== 'active')
        refuse(
          e,
          problem(
            'orgCode',
            'out_of_scope',
            `组织“${e.p.orgCode}”已撤销、合并或不在您的管辖范围内`,
            `the org "${e.p.orgCode}" was dissolved, merged or is outside your scope`,
          ),
        );
      else live.push({ ...e, p: { ...e.p, orgPath: org.path, districtId: org.districtId } });
    }
    const tags: { person_id: number; org_path: string; district_id: number | null; tag: string; added_by: string }[] =
      [];
    const places: records.MigrantPlaceRow[] = [];
    const placeOf = (personId: number, orgPath: string, districtId: number | null, e: Entry) => {
      if (e.p.migrant) places.push({ person_id: personId, org_path: orgPath, district_id: districtId, ...e.p.migrant });
    };
    const insertedIds: number[] = [];
    const updatedIds: number[] = [];
    let unchanged = 0;

    // New persons with an ID number go straight in; one registered since the preview is skipped by the insert and
    // decided again below with the rest.
    const insertAll = async (list: Entry[]): Promise<Entry[]> => {
      const ids = await records.nextPersonIds(s, list.length);
      const inserted = await records.insertPersons(
        s,
        list.map((e, i) =>
          record(ids[i]!, {
            ...nullPerson,
            ...e.p.cols,
            orgId: e.p.orgId,
            orgPath: e.p.orgPath,
            districtId: e.p.districtId,
          }),
        ),
      );
      const skipped: Entry[] = [];
      list.forEach((e, i) => {
        if (!inserted.has(ids[i]!)) return void skipped.push(e);
        insertedIds.push(ids[i]!);
        placeOf(ids[i]!, e.p.orgPath, e.p.districtId, e);
        for (const tag of e.p.tags)
          tags.push({
            person_id: ids[i]!,
            org_path: e.p.orgPath,
            district_id: e.p.districtId,
            tag,
            added_by: actor.username,
          });
      });
      return skipped;
    };
    const fast = live.filter((e) => e.a === 'insert' && e.p.cols.idNumberHash);
    const slow = live.filter((e) => !(e.a === 'insert' && e.p.cols.idNumberHash));
    slow.push(...(await insertAll(fast)));
    const decisions = await decide(
      s,
      crypto,
      slow.map((e) => ({ person: e.p, idHash: (e.p.cols.idNumberHash as string | undefined) ?? null })),
      true,
    );
    const toInsert: Entry[] = [];
    const updates: records.PersonRecord[] = [];
    decisions.forEach((d, i) => {
      const e = slow[i]!;
      if (d.kind === 'refused') return void refuse(e, d.problem);
      if (d.kind === 'insert') return void toInsert.push(e);
      if (d.kind === 'unchanged') {
        placeOf(d.existing.id, d.existing.orgPath, d.existing.districtId, e);
        return void unchanged++;
      }
      const after = { ...d.existing, ...d.changes };
      placeOf(d.existing.id, after.orgPath as string, (after.districtId as number | null) ?? null, e);
      if (Object.keys(d.changes).length) updates.push(record(d.existing.id, after));
      updatedIds.push(d.existing.id);
      for (const tag of d.tagsToAdd)
        tags.push({
          person_id: d.existing.id,
          org_path: after.orgPath as string,
          district_id: (after.districtId as number | null) ?? null,
          tag,
          added_by: actor.username,
        });
    });
    for (const e of await insertAll(toInsert)) refuse(e, REGISTERED_ELSEWHERE());
    await records.updatePersons(s, updates);
    await records.insertTags(s, tags);
    await records.upsertMigrantPlaces(s, places);
    await repo.insertProblemRows(s, refused);

    const finished = chunkNo >= imp.stagedChunks;
    const after = await repo.updateImport(s, importId, {
      status: 'running',
      doneChunks: chunkNo,
      doneRows: imp.doneRows + entries.length,
      startedAt: imp.startedAt ?? new Date(),
      inserted: imp.inserted + insertedIds.length,
      updated: imp.updated + updatedIds.length,
      unchanged: imp.unchanged + unchanged,
      refused: imp.refused + refused.length,
    });
    await appendAudit(s.tx, actor, {
      action: 'person.import.chunk',
      targetType: 'person_import',
      targetId: importId,
      orgId: imp.orgId,
      orgPath: imp.orgPath,
      after: {
        chunk: chunkNo,
        rows: [staged.firstRow, staged.lastRow],
        inserted: insertedIds.length,
        updated: updatedIds.length,
        unchanged,
        refused: refused.length,
        insertedIds,
        updatedIds,
      },
    });
    if (finished) await finish(s, after);
    return { finished, chunk: chunkNo, rows: after.doneRows };
  }

  /** The importer as she is now: still active, still allowed to write persons, the org still inside her subtree. */
  async function importerActor(imp: repo.ImportRow, jobId: string): Promise<UserActor | LocalizedText> {
    const { user, org } = await runAsSystem(deps.handle, systemActor('jobs'), (s) =>
      records.importer(s, imp.userId, imp.orgId),
    );
    const roles = (user?.roles ?? []) as Role[];
    const permissions = new Set(permissionsOf(roles));
    if (!user || user.status !== 'active' || !permissions.has('person.write'))
      return {
        'zh-CN': '导入人的账号已停用或不再有登记人员的权限',
        'en-US': "The importer's account is disabled or no longer allowed to register persons",
      };
    if (!org || org.status !== 'active' || !pathWithin(org.path, user.orgPath))
      return {
        'zh-CN': '导入时所在的组织已不在导入人的管辖范围内',
        'en-US': "The org of the import is no longer inside the importer's scope",
      };
    return {
      kind: 'user',
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles,
      permissions,
      homeOrgId: user.orgId,
      homePath: user.orgPath,
      scope: { orgId: org.id, path: org.path, orgType: org.type },
      request: { ip: null, userAgent: 'jinguo-jobs', requestId: `job:${jobId}` },
      session: { tokenHash: '', csrfToken: '' },
    };
  }

  async function markFailed(importId: number, error: LocalizedText) {
    await runAsSystem(deps.handle, systemActor('jobs'), async (s) => {
      const imp = await repo.lockImport(s, importId);
      if (!imp || imp.status === 'done' || imp.status === 'failed') return;
      await repo.updateImport(s, importId, { status: 'failed', error, finishedAt: new Date() });
      await appendAudit(s.tx, s.actor, {
        action: 'person.import.failed',
        result: 'failure',
        targetType: 'person_import',
        targetId: importId,
        orgId: imp.orgId,
        orgPath: imp.orgPath,
        reason: error['en-US'],
        after: { done: imp.doneRows, chunks: imp.doneChunks },
      });
    });
  }

  async function runImport(job: JobContext<{ importId: number }>) {
    const { importId } = job.data;
    const imp = await runAsSystem(deps.handle, systemActor('jobs'), (s) => repo.lockImport(s, importId));
    if (
      !imp ||
      imp.status === 'done' ||
      imp.status === 'failed' ||
      imp.status === 'validated' ||
      imp.status === 'validating'
    )
      return;
    const actor = await importerActor(imp, job.id);
    if (!('kind' in actor)) return markFailed(importId, actor);
    let rows = 0;
    for (;;) {
      job.signal.throwIfAborted();
      const r = await run(actor, async (s) => {
        await repo.commitWithoutWaitingForDisk(s);
        return commitChunk(s, importId);
      });
      rows = r.rows;
      if (r.chunk !== null) await hooks.afterChunk?.({ importId, chunk: r.chunk, finished: r.finished });
      if (r.finished) break;
      await yieldToOthers();
    }
    // PGlite has no autovacuum: refresh the planner's statistics after a bulk load (docs/stack-notes.md).
    if (rows >= ANALYZE_AFTER_ROWS) await records.analyzePersons(deps.handle.db).catch(() => undefined);
  }

  jobs.register<{ importId: number }>(IMPORT_QUEUE, runImport, {
    retryLimit: 5,
    retryDelaySeconds: 2,
    concurrency: 1,
    onFailed: (data, message) =>
      markFailed(data.importId, { 'zh-CN': `导入失败：${message}`, 'en-US': `The import failed: ${message}` }),
  });

  return { runImport, markFailed };
}

const nullPerson = { gender: null, ...NO_PERSONAL_FIELDS };

function record(id: number, p: Record<string, unknown>): records.PersonRecord {
  const v = <T>(k: string) => (p[k] ?? null) as T;
  return {
    id,
    org_id: v('orgId'),
    org_path: v('orgPath'),
    district_id: v('districtId'),
    name: v('name'),
    name_pinyin: v('namePinyin'),
    name_initials: v('nameInitials'),
    gender: v('gender'),
    birth_date: v('birthDate'),
    id_number_enc: v('idNumberEnc'),
    id_number_hash: v('idNumberHash'),
    id_number_masked: v('idNumberMasked'),
    phone_enc: v('phoneEnc'),
    phone_hash: v('phoneHash'),
    phone_masked: v('phoneMasked'),
    household_address_enc: v('householdAddressEnc'),
    residence_address_enc: v('residenceAddressEnc'),
    ethnicity: v('ethnicity'),
    education: v('education'),
    occupation: v('occupation'),
    school: v('school'),
    care_situation: v('careSituation'),
  };
}
