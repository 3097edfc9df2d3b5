import { buffer } from 'node:stream/consumers';
import {
  CARE_SITUATION_LABELS,
  EDUCATION_LABELS,
  GENDER_LABELS,
  type PersonExportQuery,
  type PersonUnmaskedExportInput,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { passwordProtectWorkbook } from '../../platform/files/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import * as directory from './people.directory.repository.js';
import { streamWorkbook, type SheetColumn } from './people.excel.js';
import { maskAddress } from './people.views.js';
import { currentTagSets, tagDictionary } from './people.import.records.repository.js';
import * as repo from './people.repository.js';
import * as search from './people.search.repository.js';
import type { PeopleDeps } from './people.service.js';

/**
 * 人员导出: any filtered list (the search's own filters) as a workbook streamed to the response, fetched in keyset
 * pages of EXPORT_PAGE rows, each page in a short transaction of its own (never the whole list in memory, never one
 * long transaction holding the embedded database). Masked; in clear only for a caller who may unmask, with a reason,
 * and then only as a password-protected workbook (like the case export: built whole, then encrypted). Every export is
 * audited with its filter and row count; cells that begin with = + - @ are neutralised.
 */

export const EXPORT_PAGE = 2000;

const COLUMNS: SheetColumn[] = [
  { header: '姓名', width: 12 },
  { header: '身份证号', width: 22 },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12 },
  { header: '年龄', width: 6 },
  { header: '手机号码', width: 14 },
  { header: '民族', width: 9 },
  { header: '文化程度', width: 11 },
  { header: '职业', width: 12 },
  { header: '户籍地址', width: 30 },
  { header: '居住地址', width: 30 },
  { header: '所属组织代码', width: 16 },
  { header: '所属组织', width: 24 },
  { header: '标签', width: 24 },
  { header: '学校', width: 20 },
  { header: '监护情况', width: 12 },
];

export function createPeopleExport(deps: PeopleDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  type Filters = Omit<PersonExportQuery, 'unmasked' | 'reason'>;

  /** The workbook as a stream: masked, or in clear with a reason (the callers check person.unmask). */
  async function workbook(actor: UserActor, q: Filters, clearWith: { reason: string } | null) {
    requirePermission(actor, 'person.read');
    const unmasked = clearWith !== null;
    const reason = clearWith?.reason;
    const today = deps.today();
    const filter = q;
    const text = q.q ?? '';
    const lookups = search.searchLookups(text, (v) => crypto.lookupHash(v));
    const { orgPath, tagNames } = await run(actor, async (s) => {
      let orgPath: string | null = null;
      if (q.orgId !== undefined) {
        const org = await directory.findOrg(s, q.orgId);
        if (!org) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        orgPath = org.path;
      }
      if (unmasked) {
        await appendAudit(s.tx, actor, {
          action: 'person.export.unmask',
          targetType: 'person_export',
          orgId: actor.scope.orgId,
          orgPath: actor.scope.path,
          reason,
          after: { filter },
        });
      }
      const tags = await tagDictionary(s);
      return { orgPath, tagNames: new Map(tags.map((t) => [t.code, t.nameZh])) };
    });
    const where = search.queryConditions({ ...q, cursor: undefined, limit: EXPORT_PAGE }, lookups, orgPath, today);
    const book = streamWorkbook('人员名单', COLUMNS);
    const clear = (enc: string | null) => (enc ? crypto.decrypt(enc) : null);
    const todayMd = today.slice(5);
    const todayYear = Number(today.slice(0, 4));
    // = ageOn(), without the splitting
    const age = (birth: string) => todayYear - Number(birth.slice(0, 4)) - (birth.slice(5) > todayMd ? 1 : 0);
    let rows = 0;
    let audited = false;

    const audit = (complete: boolean, error?: string) =>
      run(actor, (s) =>
        appendAudit(s.tx, actor, {
          action: 'person.export',
          result: complete ? 'success' : 'failure',
          targetType: 'person_export',
          orgId: actor.scope.orgId,
          orgPath: actor.scope.path,
          ...(unmasked ? { reason } : {}),
          after: {
            filter,
            rows,
            unmasked,
            complete,
            ...(unmasked ? { encrypted: 'ECMA-376 agile (AES-256)' } : {}),
            ...(error ? { error } : {}),
          },
        }),
      );

    void (async () => {
      let after: { k: string; id: number } | null = null;
      for (;;) {
        const page = await run(actor, async (s) => {
          // `selective` as the list itself passes it: with a text query the planner starts from the search index.
          const found = await search.searchPersons(s, {
            ...where,
            order: q.sort,
            desc: q.order === 'desc',
            after,
            limit: EXPORT_PAGE,
            selective: search.selectiveQuery(q.q),
          });
          const people = found.slice(0, EXPORT_PAGE);
          const ids = people.map((r) => r.p.id);
          const orgs = await repo.orgSummaries(
            s,
            people.map((r) => r.p.orgId),
          );
          const tags = await currentTagSets(s, ids);
          return { people, more: found.length > EXPORT_PAGE, orgs, tags };
        });
        for (const { p } of page.people) {
          const org = page.orgs.get(p.orgId);
          const household = clear(p.householdAddressEnc);
          const residence = clear(p.residenceAddressEnc);
          book.add([
            p.name,
            unmasked ? clear(p.idNumberEnc) : p.idNumberMasked,
            p.gender ? GENDER_LABELS[p.gender as 'female'] : null,
            p.birthDate,
            p.birthDate ? age(p.birthDate) : null,
            unmasked ? clear(p.phoneEnc) : p.phoneMasked,
            p.ethnicity,
            p.education ? (EDUCATION_LABELS[p.education as 'none'] ?? p.education) : null,
            p.occupation,
            household && !unmasked ? maskAddress(household) : household,
            residence && !unmasked ? maskAddress(residence) : residence,
            org?.code ?? null,
            org?.name ?? null,
            [...(page.tags.get(p.id) ?? [])].map((t) => tagNames.get(t) ?? t).join('、') || null,
            p.school,
            p.careSituation ? (CARE_SITUATION_LABELS[p.careSituation as 'with_parents'] ?? p.careSituation) : null,
          ]);
          rows++;
        }
        await book.written();
        // PGlite never yields by itself: let other requests in
        await new Promise<void>((resolve) => setImmediate(resolve));
        const last = page.people[page.people.length - 1];
        if (!page.more || !last) break;
        after = { k: last.k, id: last.p.id };
      }
      // Audited before the last bytes go out: whoever holds the file, the trail already says so.
      await audit(true);
      audited = true;
      await book.finish();
    })().catch(async (err: unknown) => {
      book.fail(err instanceof Error ? err : new Error(String(err)));
      if (!audited) await audit(false, err instanceof Error ? err.message : String(err)).catch(() => undefined);
    });

    return { filename: `人员名单-${today}.xlsx`, stream: book.stream };
  }

  return {
    /** The masked workbook, streamed. Clear values are refused here: they come only password-protected (below). */
    async xlsx(actor: UserActor, q: PersonExportQuery) {
      const { reason: _reason, unmasked, ...filters } = q;
      requirePermission(actor, 'person.read');
      if (unmasked) requirePermission(actor, 'person.unmask');
      if (unmasked)
        throw fieldError(
          'VALIDATION_FAILED',
          'password',
          '明文导出须设置文件密码，导出的文件以该密码加密',
          'a clear-text export needs a file password: the workbook is encrypted with it',
        );
      return workbook(actor, filters, null);
    },

    /** 明文导出: the clear values with a reason (audited), as a workbook encrypted with the caller's password. */
    async protectedXlsx(actor: UserActor, input: PersonUnmaskedExportInput) {
      requirePermission(actor, 'person.read');
      requirePermission(actor, 'person.unmask');
      const { reason, password, ...filters } = input;
      const { filename, stream } = await workbook(actor, filters, { reason });
      const plain = await buffer(stream);
      return { filename, bytes: await passwordProtectWorkbook(plain, password) };
    },
  };
}
export type PeopleExport = ReturnType<typeof createPeopleExport>;
