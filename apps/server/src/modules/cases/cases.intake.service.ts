import { maskPhone, type CaseChannel, type CaseFromDemandInput, type CaseIntakeInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import type { DemandSummary } from '../demands/index.js';
import { count, nowOf, requireReadable, type CasesDeps } from './cases.access.service.js';
import { assignUserIn } from './cases.assignment.service.js';
import { actorLabel, maskName } from './cases.policy.js';
import { caseView } from './cases.read.service.js';
import * as assignmentRepo from './cases.assignment.repository.js';
import * as repo from './cases.repository.js';
import { assessIn } from './cases.risk.service.js';

/** Opening a case: an intake form (hotline, mandatory report, public opinion, grid report…) or a demand converted. */
export function createIntakeService(deps: CasesDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function resolveParty(s: Scoped, c: repo.CaseRow, p: CaseIntakeInput['parties'][number], today: string) {
    if ('personId' in p) {
      const person = await deps.people.requirePerson(s, p.personId, 'parties');
      const minor = !!person.birthDate && ageOn(person.birthDate, today) < 18;
      return {
        personId: person.id,
        name: person.name,
        phoneMasked: person.phoneMasked,
        phoneEnc: null,
        gender: person.gender,
        minor,
        relationship: p.relationship ?? null,
      };
    }
    if ('newPerson' in p) {
      const person = await deps.people.registerPerson(
        s,
        { ...p.newPerson },
        { reason: `维权案件 ${c.caseNo} 受理登记` },
      );
      const minor = !!person.birthDate && ageOn(person.birthDate, today) < 18;
      return {
        personId: person.id,
        name: person.name,
        phoneMasked: person.phoneMasked,
        phoneEnc: null,
        gender: person.gender,
        minor,
        relationship: p.relationship ?? null,
      };
    }
    const u = p.unregistered;
    return {
      personId: null,
      name: u.name ?? null,
      phoneMasked: u.phone ? maskPhone(u.phone) : null,
      phoneEnc: u.phone ? crypto.encrypt(u.phone) : null,
      gender: u.gender ?? null,
      minor: u.minor,
      relationship: p.relationship ?? null,
    };
  }

  /**
   * Takes a checked intake in: the case, its details, parties, first assessment, counters and audit, in the caller's
   * transaction.
   */
  async function intakeIn(s: Scoped, actor: UserActor, input: CaseIntakeInput) {
    const org = await deps.organizations.findOrg(s, input.orgId);
    if (!org || org.status !== 'active') throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    const now = nowOf(deps);
    const today = deps.today();
    const district = org.districtId ? await deps.organizations.findOrg(s, org.districtId) : null;
    const caseNo = await repo.nextCaseNo(
      s,
      org.districtId ?? 0,
      district?.divisionCode ?? district?.code ?? org.code.slice(0, 6),
      Number(today.slice(0, 4)),
    );
    const c = await repo.insertCase(s, {
      caseNo,
      orgId: org.id,
      orgPath: org.path,
      districtId: org.districtId,
      caseType: input.caseType,
      status: 'intake',
      openedAt: now,
    });
    await assignmentRepo.insertAssignment(s, {
      caseId: c.id,
      orgPath: c.orgPath,
      districtId: c.districtId,
      userId: actor.userId,
      role: 'worker',
      assignedBy: actorLabel(actor),
    });
    if (input.workerId && input.workerId !== actor.userId)
      await assignUserIn(s, c, input.workerId, 'worker', 'workerId');
    const resolved = [];
    for (const p of input.parties) resolved.push({ role: p.role, ...(await resolveParty(s, c, p, today)) });
    const involvesMinor =
      input.involvesMinor || resolved.some((p) => p.role === 'child' || (p.role === 'victim' && p.minor));
    if (input.channel === 'mandatory_report' && !involvesMinor)
      throw fieldError(
        'VALIDATION_FAILED',
        'involvesMinor',
        '强制报告案件必须涉及未成年人',
        'a mandatory report concerns a minor',
      );
    const victim = resolved.find((p) => p.role === 'victim');
    await repo.insertDetails(s, intakeDetails(crypto, c, actor, input, involvesMinor, victim?.name));
    for (const p of resolved) {
      await repo.insertParty(s, {
        caseId: c.id,
        orgPath: c.orgPath,
        districtId: c.districtId,
        role: p.role,
        personId: p.personId,
        nameEnc: p.name ? crypto.encrypt(p.name) : null,
        nameMasked: p.name ? maskName(p.name) : null,
        phoneEnc: p.phoneEnc,
        phoneMasked: p.phoneMasked,
        gender: p.gender,
        minor: p.minor,
        relationship: p.relationship,
      });
    }
    await repo.insertEvent(s, c, { kind: 'transition', from: null, to: 'intake', detail: { channel: input.channel } });
    await count(s, c.orgPath, { 'cases.reports': 1, [`cases.type.${c.caseType}`]: 1 }, now);
    if (input.indicators) await assessIn(deps, s, c, input.indicators, undefined);
    await appendAudit(s.tx, actor, {
      action: 'case.intake',
      targetType: 'case',
      targetId: c.id,
      orgId: org.id,
      orgPath: org.path,
      after: { caseNo, caseType: input.caseType, channel: input.channel, parties: resolved.length, involvesMinor },
    });
    return caseView(deps, s, actor, await requireReadable(s, actor, c.id, now));
  }

  return {
    intake: (actor: UserActor, input: CaseIntakeInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.intake');
        checkIntake(input, false);
        return intakeIn(s, actor, input);
      }),

    /**
     * 诉求转维权: a demand (an online help request from the portal, a hotline call sheet, a visit need, a walk-in…)
     * becomes a case in one transaction — the case records the demand as its source, the requester as the victim
     * unless the worker names the parties, and the demand moves to 'case'.
     */
    fromDemand: (actor: UserActor, demandId: number, input: CaseFromDemandInput) =>
      run(actor, async (s) => {
        requirePermission(actor, 'case.intake');
        if (!deps.demands) throw new AppError('DEMAND_NOT_FOUND', { field: 'demandId' });
        const d = await deps.demands.demandForConversion(s, demandId, actor);
        const phone = await deps.demands.demandContactPhone(s, demandId);
        const channel = DEMAND_SOURCE_CHANNEL[d.source];
        // anonymous: no name, but the number she left to be called back on comes along (encrypted, never listed)
        const requester = {
          ...(d.requesterName && !d.anonymous ? { name: d.requesterName } : {}),
          ...(phone ? { phone } : {}),
        };
        const victim: CaseIntakeInput['parties'][number] =
          d.personId !== null
            ? { role: 'victim', personId: d.personId }
            : { role: 'victim', unregistered: { ...requester, minor: false } };
        const intake: CaseIntakeInput = {
          orgId: d.org.id,
          channel,
          caseType: input.caseType,
          narrative: input.narrative ?? `${d.title}\n${d.description}`.slice(0, 5000),
          ...(input.occurredOn ? { occurredOn: input.occurredOn } : {}),
          involvesMinor: input.involvesMinor ?? false,
          ...(channel === 'hotline'
            ? {
                hotline: {
                  calledAt: d.receivedAt,
                  anonymous: d.anonymous,
                  ...(d.requesterName && !d.anonymous ? { callerName: d.requesterName } : {}),
                  ...(phone ? { callbackPhone: phone } : {}),
                },
              }
            : {}),
          sourceRef: { type: 'demand', id: d.id },
          parties: input.parties ?? [victim],
          ...(input.indicators ? { indicators: input.indicators } : {}),
          ...(input.workerId ? { workerId: input.workerId } : {}),
        };
        checkIntake(intake, true);
        const view = await intakeIn(s, actor, intake);
        await deps.demands.linkDemandToCase(s, d.id, view.id);
        return view;
      }),
  };
}

/** The case channel a demand's source becomes. */
const DEMAND_SOURCE_CHANNEL: Record<DemandSummary['source'], CaseChannel> = {
  online: 'online',
  hotline_12338: 'hotline',
  visit: 'visit',
  walk_in: 'demand',
  grid_report: 'demand',
  deliberation: 'demand',
};

/** The content row of a new case: the channel's record from the form, free text and contacts encrypted. */
function intakeDetails(
  crypto: FieldCrypto,
  c: repo.CaseRow,
  actor: UserActor,
  input: CaseIntakeInput,
  involvesMinor: boolean,
  victimName: string | null | undefined,
) {
  const hotline = input.hotline;
  return {
    caseId: c.id,
    orgPath: c.orgPath,
    districtId: c.districtId,
    channel: input.channel,
    narrativeEnc: crypto.encrypt(input.narrative),
    occurredOn: input.occurredOn ?? null,
    involvesMinor,
    intake: {
      ...(hotline
        ? {
            hotline: {
              calledAt: hotline.calledAt,
              anonymous: hotline.anonymous,
              operator: hotline.operator ?? actor.displayName,
            },
          }
        : {}),
      ...(input.mandatoryReport ? { mandatoryReport: input.mandatoryReport } : {}),
      ...(input.publicOpinion ? { publicOpinion: input.publicOpinion } : {}),
      ...(input.gridReport ? { gridReport: input.gridReport } : {}),
    },
    callerNameEnc: hotline?.callerName && !hotline.anonymous ? crypto.encrypt(hotline.callerName) : null,
    callbackPhoneEnc: hotline?.callbackPhone ? crypto.encrypt(hotline.callbackPhone) : null,
    callbackPhoneMasked: hotline?.callbackPhone ? maskPhone(hotline.callbackPhone) : null,
    sourceType: input.sourceRef?.type ?? null,
    sourceId: input.sourceRef?.id ?? null,
    victimDisplay: victimName ? maskName(victimName) : '匿名',
  };
}

/** `verifiedSource`: the source reference was checked and will be linked by the conversion itself. */
function checkIntake(input: CaseIntakeInput, verifiedSource: boolean) {
  const need = (cond: boolean, field: string, zh: string, en: string) => {
    if (!cond) throw fieldError('VALIDATION_FAILED', field, zh, en);
  };
  need(
    input.parties.some((p) => p.role === 'victim'),
    'parties',
    '至少登记一名受害人（可匿名）',
    'at least one victim (anonymous allowed)',
  );
  if (input.channel === 'hotline')
    need(!!input.hotline, 'hotline', '12338 热线受理须填写来电记录', 'a hotline intake needs the call sheet');
  if (input.channel === 'mandatory_report')
    need(
      !!input.mandatoryReport,
      'mandatoryReport',
      '强制报告须填写报案时间和回执号',
      'a mandatory report needs the police report time and receipt number',
    );
  if (input.channel === 'public_opinion')
    need(
      !!input.publicOpinion,
      'publicOpinion',
      '舆情须填写来源平台和发现时间',
      'a public-opinion incident needs its source and time',
    );
  if (input.channel === 'grid_report')
    need(
      !!input.gridReport,
      'gridReport',
      '网格员报告须填写网格和报告人',
      "a grid worker's report needs the grid and reporter",
    );
  // A demand or a visit need becomes a case through the demands module's conversion (it checks the demand and links
  // it to the case); a bare reference typed into an intake form would be unverified.
  if (!verifiedSource)
    need(
      input.channel !== 'demand' && input.channel !== 'visit' && !input.sourceRef,
      'channel',
      '诉求和走访需求请从诉求办理中转为维权案件',
      'convert a demand or a visit need from the demand itself',
    );
  if (input.hotline?.anonymous)
    need(!input.hotline.callerName, 'hotline.callerName', '匿名来电不记录姓名', 'an anonymous call records no name');
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
