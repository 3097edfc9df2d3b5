import {
  EligibilityRules,
  type Benefit,
  type Material,
  type Program,
  type ProgramInput,
  type ReviewStep,
} from '@jinguo/contracts';
import type { z } from 'zod';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { inOrder } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import {
  districtIdOfPath,
  pathWithin,
  readScoped,
  requireOrgInScope,
  runScoped,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import * as foreign from './care-programs.directory.repository.js';
import {
  admittedRegion,
  chainProblem,
  checkEligibility,
  toFen,
  toYuan,
  type PersonFacts,
} from './care-programs.policy.js';
import * as repo from './care-programs.repository.js';
import type { CareDeps } from './care-programs.service.js';

/** The registry's facts of a person as `personFactsJson` reads them. */
type EligibilityPerson = PersonFacts & { id: number; status: string; tags: string[] };

/** The program's rules as stored (JSON columns), read back typed. */
export function rulesOf(p: repo.ProgramRow) {
  return {
    eligibility: EligibilityRules.parse(p.eligibility),
    benefit: p.benefit as Benefit,
    materials: p.materials as z.infer<typeof Material>[],
    chain: p.reviewChain as ReviewStep[],
  };
}

export async function requireProgram(s: Scoped, id: number, field?: string): Promise<repo.ProgramRow> {
  const p = await repo.findProgram(s, id);
  if (!p) throw new AppError('CARE_PROGRAM_NOT_FOUND', field ? { field } : {});
  return p;
}

/** The registry facts eligibility looks at: sex, birth date, current tags, home org (her household registration). */
export async function personFacts(deps: Pick<CareDeps, 'people'>, s: Scoped, personId: number) {
  const p = await deps.people.findPerson(s, personId);
  if (!p || p.status !== 'active') throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
  const tags = (await deps.people.currentTags(s, [p.id])).map((t) => t.tag);
  return { person: p, facts: { gender: p.gender, birthDate: p.birthDate, tags, homePath: p.orgPath } };
}

/** The paths a program's region rule admits, of the region orgs the reader can see (policy: `admittedRegion`). */
export async function regionPaths(s: Scoped, p: repo.ProgramRow): Promise<string[]> {
  const rules = rulesOf(p).eligibility;
  const orgs = await foreign.orgsById(s, rules.regionOrgIds);
  return admittedRegion(rules, p.orgPath, (id) => orgs.get(id)?.path);
}

/** Everything the server checks of a definition beyond its schema: org, dates, chain, quotas, budget, tags. */
async function checkDefinition(
  deps: Pick<CareDeps, 'people'>,
  s: Scoped,
  input: ProgramInput,
  exceptId: number | null,
) {
  const org = requireOrgInScope(s, (await foreign.orgsById(s, [input.orgId])).get(input.orgId), {
    field: 'orgId',
    active: true,
  });
  const other = await repo.programByCode(s, input.code);
  if (other && other.id !== exceptId)
    throw fieldError('CONFLICT', 'code', '项目代码已被使用', 'the program code is already in use');
  if (input.endsOn && input.endsOn < input.startsOn)
    throw fieldError('VALIDATION_FAILED', 'endsOn', '结束日期不能早于开始日期', 'the end date is before the start');
  const e = input.eligibility;
  if (e.ageMin !== null && e.ageMax !== null && e.ageMin > e.ageMax)
    throw fieldError('VALIDATION_FAILED', 'eligibility.ageMax', '年龄上限不能小于下限', 'the age range is reversed');
  const known = await deps.people.tagCodes(s);
  e.tagsAny.forEach((t, i) => {
    if (!known.has(t)) throw fieldError('TAG_UNKNOWN', `eligibility.tagsAny.${i}`, '标签不存在', 'unknown tag');
  });
  const regions = await foreign.orgsById(s, e.regionOrgIds);
  e.regionOrgIds.forEach((id, i) => {
    const o = regions.get(id);
    if (!o || !pathWithin(o.path, org.path))
      throw fieldError(
        'ORG_NOT_FOUND',
        `eligibility.regionOrgIds.${i}`,
        '实施范围须在本组织之内',
        'the region must lie within the program’s org',
      );
  });
  if (input.kind !== 'greeting' && input.benefit.amount <= 0)
    throw fieldError('VALIDATION_FAILED', 'benefit.amount', '救助金额须大于 0', 'the benefit must be more than 0');
  const chain = chainProblem(input.reviewChain);
  if (chain) throw fieldError('VALIDATION_FAILED', chain.field, chain.zh, chain.en);
  const codes = input.materials.map((m) => m.code);
  const twice = codes.findIndex((c, i) => codes.indexOf(c) !== i);
  if (twice >= 0)
    throw fieldError('VALIDATION_FAILED', `materials.${twice}.code`, '材料代码重复', 'a material code appears twice');
  const quotaOrgs = await foreign.orgsById(
    s,
    input.quotas.map((q) => q.orgId),
  );
  let budgets = 0;
  input.quotas.forEach((q, i) => {
    const o = quotaOrgs.get(q.orgId);
    if (!o || o.path.split('.').length !== 2 || !pathWithin(o.path, org.path))
      throw fieldError(
        'VALIDATION_FAILED',
        `quotas.${i}.orgId`,
        '名额须分配到本组织内的区县',
        'quotas go to districts within the program’s org',
      );
    budgets += q.budget ?? 0;
  });
  if (input.budget !== null && budgets > input.budget)
    throw fieldError(
      'VALIDATION_FAILED',
      'quotas',
      '各区县资金之和超过项目预算',
      'the districts’ budgets exceed the program budget',
    );
  return { org, quotaOrgs };
}

export function createPrograms(deps: CareDeps) {
  async function view(s: Scoped, p: repo.ProgramRow): Promise<Program> {
    const quotas = await repo.quotasOf(s, [p.id]);
    const orgs = await foreign.orgsById(s, [p.orgId, ...quotas.map((q) => q.orgId)]);
    const r = rulesOf(p);
    return {
      id: p.id,
      org: { id: p.orgId, name: orgs.get(p.orgId)?.name ?? '' },
      code: p.code,
      name: p.name,
      kind: p.kind as Program['kind'],
      description: p.description,
      eligibility: r.eligibility,
      benefit: r.benefit,
      period: p.period as Program['period'],
      materials: r.materials,
      reviewChain: r.chain,
      paymentLevels: p.paymentLevels as Program['paymentLevels'],
      budget: p.budgetFen === null ? null : toYuan(p.budgetFen),
      budgetUsed: toYuan(await repo.programCommittedFen(s, p.id)),
      quotas: quotas.map((q) => ({
        org: { id: q.orgId, name: orgs.get(q.orgId)?.name ?? '' },
        quota: q.quota,
        budget: q.budgetFen === null ? null : toYuan(q.budgetFen),
        approved: q.approvedCount,
        approvedAmount: toYuan(q.approvedFen),
        paid: q.paidCount,
        paidAmount: toYuan(q.paidFen),
      })),
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      state: p.state as Program['state'],
      version: p.version,
    };
  }

  const columns = (input: ProgramInput) => ({
    code: input.code,
    name: input.name,
    kind: input.kind,
    description: input.description,
    eligibility: input.eligibility,
    benefit: input.benefit,
    period: input.period,
    materials: input.materials,
    reviewChain: input.reviewChain,
    paymentLevels: input.paymentLevels,
    budgetFen: input.budget === null ? null : toFen(input.budget),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    state: input.state,
  });

  async function writeQuotas(
    s: Scoped,
    programId: number,
    input: ProgramInput,
    quotaOrgs: Map<number, foreign.OrgEntry>,
  ) {
    for (const q of input.quotas) {
      const o = quotaOrgs.get(q.orgId)!;
      await repo.replaceQuota(s, {
        programId,
        orgId: o.id,
        orgPath: o.path,
        districtId: districtIdOfPath(o.path),
        quota: q.quota,
        budgetFen: q.budget === null ? null : toFen(q.budget),
      });
    }
  }

  async function createIn(s: Scoped, actor: UserActor | null, input: ProgramInput, by: string) {
    const { org, quotaOrgs } = await checkDefinition(deps, s, input, null);
    const p = await repo.insertProgram(s, {
      ...columns(input),
      orgId: org.id,
      orgPath: org.path,
      districtId: districtIdOfPath(org.path),
      createdBy: by,
    });
    await writeQuotas(s, p.id, input, quotaOrgs);
    await appendAudit(s.tx, actor ?? s.actor, {
      action: 'care.program.create',
      targetType: 'care_program',
      targetId: p.id,
      orgId: org.id,
      orgPath: org.path,
      after: input,
    });
    return p;
  }

  return {
    /** Inside the caller's transaction (the demo loader). */
    createIn,
    create: (actor: UserActor, input: ProgramInput) =>
      runScoped(deps.handle, actor, async (s) => view(s, await createIn(s, actor, input, actor.username))),
    update: (actor: UserActor, id: number, version: number, input: ProgramInput) =>
      runScoped(deps.handle, actor, async (s) => {
        const before = await requireProgram(s, id);
        if (!pathWithin(before.orgPath, actor.scope.path)) throw new AppError('FORBIDDEN');
        const { org, quotaOrgs } = await checkDefinition(deps, s, input, id);
        const p = await repo.updateProgram(s, id, version, { ...columns(input), orgId: org.id, orgPath: org.path });
        if (!p)
          throw new AppError('CONFLICT', {
            field: 'version',
            zh: '项目已被他人修改，请刷新',
            en: 'The program was changed by someone else; reload',
          });
        await writeQuotas(s, p.id, input, quotaOrgs);
        await appendAudit(s.tx, actor, {
          action: 'care.program.update',
          targetType: 'care_program',
          targetId: p.id,
          orgId: org.id,
          orgPath: org.path,
          after: input,
        });
        return view(s, p);
      }),
    get: (actor: UserActor, id: number) =>
      runScoped(deps.handle, actor, async (s) => view(s, await requireProgram(s, id))),
    list: (actor: UserActor) =>
      runScoped(deps.handle, actor, async (s) => inOrder(await repo.listPrograms(s), (p) => view(s, p))),

    /**
     * A person against every open program: eligible, ineligible (why), or eligible once she declares the rest. One
     * statement reads her facts and every program's rules (one round trip); the rules are evaluated here.
     */
    eligibility: async (actor: UserActor, personId: number) => {
      const [row] = await readScoped<{ person: EligibilityPerson | null; programs: repo.EligibilityProgram[] }>(
        deps.handle,
        actor,
        (s) => repo.eligibilityStatement(s, deps.people.personFactsJson(s, personId)),
      );
      const person = row?.person;
      if (!person || person.status !== 'active') throw new AppError('PERSON_NOT_FOUND', { field: 'personId' });
      const facts = {
        gender: person.gender,
        birthDate: person.birthDate,
        tags: person.tags,
        homePath: person.homePath,
      };
      const today = deps.today();
      return row.programs.map((p) => {
        const rules = EligibilityRules.parse(p.eligibility);
        const regions = new Map(p.regions.map((o) => [Number(o.id), o.path]));
        const paths = admittedRegion(rules, p.orgPath, (id) => regions.get(id));
        const r = checkEligibility(rules, facts, paths, today);
        return {
          program: { id: p.id, code: p.code, name: p.name },
          verdict: r.problems.length
            ? ('ineligible' as const)
            : r.toDeclare.length
              ? ('to_declare' as const)
              : ('eligible' as const),
          problems: r.problems,
          toDeclare: r.toDeclare,
        };
      });
    },
  };
}
export type Programs = ReturnType<typeof createPrograms>;
