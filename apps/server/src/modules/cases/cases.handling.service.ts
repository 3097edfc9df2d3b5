import type { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import {
  JUDICIAL_CONFIRMATION_DAYS,
  ORDER_DECISION_HOURS,
  ORDER_REMINDER_WORKDAYS,
  type CaseServiceInput,
  type InstrumentInput,
  type MediationOutcomeInput,
  type MediationSessionInput,
} from '@jinguo/contracts';
import type { InstrumentUpdate, ReferralInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { chinaDate } from '../../platform/calendar/index.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import {
  auditingRefusal,
  count,
  nowOf,
  requireReadable,
  requireWritable,
  type CasesDeps,
} from './cases.access.service.js';
import * as repo from './cases.repository.js';
import type { CasesService } from './cases.service.js';
import {
  agencyUsers,
  caseInstruments,
  caseMediations,
  caseReferrals,
  caseServices,
  mediators,
  partnerAgencies,
} from './cases.tables.js';

/** Joint handling on a case: referrals to partner agencies, legal instruments, mediation, services, attachments. */
export function createHandlingService(deps: CasesDeps, cases: CasesService) {
  const { crypto } = deps;
  const write = <T>(
    actor: UserActor,
    id: number,
    action: string,
    fn: (s: Scoped, c: repo.CaseRow, now: Date) => Promise<T>,
  ) =>
    runScoped(deps.handle, actor, async (s) => {
      requirePermission(actor, 'case.write');
      const now = nowOf(deps);
      const { c } = await requireWritable(s, actor, id, now);
      if (c.status === 'closed')
        throw new AppError('CASE_INVALID_TRANSITION', {
          zh: '已结案的案件不能再处置，请先重新启动',
          en: 'Reopen the case before handling it again',
        });
      const detail = await fn(s, c, now);
      await repo.touchCase(s, c.id);
      await appendAudit(s.tx, actor, {
        action,
        targetType: 'case',
        targetId: c.id,
        orgId: c.orgId,
        orgPath: c.orgPath,
        ...(detail ? { after: detail } : {}),
      });
      return cases.view(s, actor, await requireReadable(s, actor, id, now));
    });

  return {
    refer: (actor: UserActor, id: number, input: z.infer<typeof ReferralInput>) =>
      write(actor, id, 'case.refer', async (s, c, now) => {
        const [agency] = await s.tx
          .select()
          .from(partnerAgencies)
          .where(and(eq(partnerAgencies.id, input.agencyId), eq(partnerAgencies.active, true)));
        // An agency serves the cases of the org it is attached to and everything below it.
        if (!agency || !(c.orgPath === agency.orgPath || c.orgPath.startsWith(`${agency.orgPath}.`)))
          throw new AppError('AGENCY_NOT_FOUND', { field: 'agencyId' });
        const [r] = await s.tx
          .insert(caseReferrals)
          .values({
            caseId: c.id,
            orgPath: c.orgPath,
            districtId: c.districtId,
            agencyId: agency.id,
            status: 'sent',
            requestEnc: crypto.encrypt(input.request),
            urgent: input.urgent,
            sentAt: now,
            sentBy: actor.username,
          })
          .returning();
        await repo.insertEvent(s, c, {
          kind: 'referral',
          detail: { referralId: r!.id, agency: agency.name, urgent: input.urgent },
        });
        await count(s, c.orgPath, { 'cases.referrals': 1 }, now);
        const users = await s.tx
          .select({ userId: agencyUsers.userId })
          .from(agencyUsers)
          .where(eq(agencyUsers.agencyId, agency.id));
        await notify(s.tx, {
          kind: 'case.referral',
          recipients: users.map((u) => ({ user: u.userId })),
          title: {
            'zh-CN': `${input.urgent ? '【紧急】' : ''}妇联转介维权案件 ${c.caseNo}`,
            'en-US': `${input.urgent ? '[Urgent] ' : ''}Case ${c.caseNo} referred by the women's federation`,
          },
          link: `/referrals/${r!.id}`,
          target: { type: 'referral', id: r!.id },
          orgPath: c.orgPath,
        });
        return { referralId: r!.id, agencyId: agency.id };
      }),

    withdrawReferral: (actor: UserActor, id: number, referralId: number, reason: string) =>
      write(actor, id, 'case.referral.withdraw', async (s, c) => {
        const rows = await s.tx
          .update(caseReferrals)
          .set({ status: 'withdrawn' })
          .where(
            and(
              eq(caseReferrals.id, referralId),
              eq(caseReferrals.caseId, c.id),
              sql`${caseReferrals.status} in ('sent', 'accepted')`,
            ),
          )
          .returning();
        if (!rows[0]) {
          const exists = (await repo.referrals(s, c.id)).some((x) => x.r.id === referralId);
          throw new AppError(exists ? 'REFERRAL_INVALID_TRANSITION' : 'REFERRAL_NOT_FOUND', { field: 'referralId' });
        }
        await repo.insertEvent(s, c, { kind: 'referral_withdrawn', reason, detail: { referralId } });
        return { referralId, reason };
      }),

    addInstrument: (actor: UserActor, id: number, input: z.infer<typeof InstrumentInput>) =>
      write(actor, id, 'case.instrument', async (s, c, now) => {
        const cols = instrumentColumns(input, now);
        const [row] = await s.tx
          .insert(caseInstruments)
          .values({
            caseId: c.id,
            orgPath: c.orgPath,
            districtId: c.districtId,
            kind: input.kind,
            urgent: input.urgent,
            issuer: input.issuer ?? null,
            ...cols,
          })
          .returning();
        await repo.insertEvent(s, c, {
          kind: 'instrument',
          detail: {
            instrumentId: row!.id,
            kind: input.kind,
            status: input.status,
            validUntil: cols.validUntil ?? null,
          },
        });
        return { instrumentId: row!.id, kind: input.kind, status: input.status };
      }),

    updateInstrument: (actor: UserActor, id: number, instrumentId: number, input: z.infer<typeof InstrumentUpdate>) =>
      write(actor, id, 'case.instrument.update', async (s, c, now) => {
        const [row] = await s.tx
          .select()
          .from(caseInstruments)
          .where(and(eq(caseInstruments.id, instrumentId), eq(caseInstruments.caseId, c.id)));
        if (!row) throw new AppError('INSTRUMENT_NOT_FOUND', { field: 'instrumentId' });
        if (row.status !== 'applied')
          throw new AppError('CONFLICT', {
            field: 'status',
            zh: '只有申请中的文书可以登记结果',
            en: 'Only an applied instrument can get a decision',
          });
        const cols = instrumentColumns(
          {
            kind: row.kind as 'protection_order',
            status: input.status,
            urgent: row.urgent,
            ...(input.issuedAt ? { issuedAt: input.issuedAt } : {}),
            ...(input.validUntil ? { validUntil: input.validUntil } : {}),
          },
          now,
          row.appliedAt,
        );
        await s.tx
          .update(caseInstruments)
          .set({ ...cols, documentNo: input.documentNo ?? row.documentNo })
          .where(eq(caseInstruments.id, instrumentId));
        await repo.insertEvent(s, c, {
          kind: 'instrument',
          detail: { instrumentId, kind: row.kind, status: input.status, validUntil: cols.validUntil ?? null },
        });
        return { instrumentId, status: input.status };
      }),

    startMediation: (actor: UserActor, id: number, mediatorId: number) =>
      write(actor, id, 'case.mediation.start', async (s, c, now) => {
        const [m] = await s.tx
          .select()
          .from(mediators)
          .where(and(eq(mediators.id, mediatorId), eq(mediators.active, true)));
        if (
          !m ||
          !(c.orgPath === m.orgPath || c.orgPath.startsWith(`${m.orgPath}.`) || m.orgPath.startsWith(`${c.orgPath}.`))
        )
          throw fieldError('NOT_FOUND', 'mediatorId', '调解员不在名册中', 'the mediator is not on the roster');
        const [row] = await s.tx
          .insert(caseMediations)
          .values({
            caseId: c.id,
            orgPath: c.orgPath,
            districtId: c.districtId,
            mediatorId: m.id,
            mediatorName: m.name,
            status: 'ongoing',
            startedAt: now,
          })
          .returning();
        await repo.insertEvent(s, c, { kind: 'mediation', detail: { mediationId: row!.id, mediator: m.name } });
        return { mediationId: row!.id };
      }),

    addMediationSession: (
      actor: UserActor,
      id: number,
      mediationId: number,
      input: z.infer<typeof MediationSessionInput>,
    ) =>
      write(actor, id, 'case.mediation.session', async (s, c) => {
        const m = await ongoingMediation(s, c.id, mediationId);
        const sessions = m.sessions as { id: number }[];
        const session = {
          id: sessions.length + 1,
          heldAt: new Date(input.heldAt).toISOString(),
          place: input.place ?? null,
          summaryEnc: crypto.encrypt(input.summary),
        };
        await s.tx
          .update(caseMediations)
          .set({ sessions: [...sessions, session] })
          .where(eq(caseMediations.id, mediationId));
        await repo.insertEvent(s, c, { kind: 'mediation_session', detail: { mediationId, session: session.id } });
        return { mediationId, session: session.id };
      }),

    concludeMediation: (
      actor: UserActor,
      id: number,
      mediationId: number,
      input: z.infer<typeof MediationOutcomeInput>,
    ) =>
      write(actor, id, 'case.mediation.conclude', async (s, c) => {
        await ongoingMediation(s, c.id, mediationId);
        if (input.status === 'agreement') {
          const agreementDay = chinaDate(new Date(input.agreementAt));
          const due = new Date(Date.parse(`${agreementDay}T00:00:00Z`) + JUDICIAL_CONFIRMATION_DAYS * 86_400_000)
            .toISOString()
            .slice(0, 10);
          await s.tx
            .update(caseMediations)
            .set({
              status: 'agreement',
              agreementAt: new Date(input.agreementAt),
              termsEnc: crypto.encrypt(input.terms),
              obligationsEnc: input.obligations ? crypto.encrypt(input.obligations) : null,
              performanceDue: input.performanceDue ?? null,
              signedBy: input.signedBy,
              confirmationDue: due,
            })
            .where(eq(caseMediations.id, mediationId));
        } else {
          await s.tx
            .update(caseMediations)
            .set({ status: 'no_agreement', noAgreementReason: input.reason })
            .where(eq(caseMediations.id, mediationId));
        }
        await repo.insertEvent(s, c, { kind: 'mediation_outcome', detail: { mediationId, status: input.status } });
        return { mediationId, status: input.status };
      }),

    judicialConfirmation: (
      actor: UserActor,
      id: number,
      mediationId: number,
      value: 'applied' | 'confirmed' | 'rejected',
    ) =>
      write(actor, id, 'case.mediation.judicial_confirmation', async (s, c) => {
        const [m] = await s.tx
          .select()
          .from(caseMediations)
          .where(and(eq(caseMediations.id, mediationId), eq(caseMediations.caseId, c.id)));
        if (!m) throw new AppError('MEDIATION_NOT_FOUND', { field: 'mediationId' });
        if (m.status !== 'agreement')
          throw new AppError('CONFLICT', {
            zh: '只有达成协议的调解可申请司法确认',
            en: 'Only an agreement can be judicially confirmed',
          });
        if (value === 'applied' && m.confirmationDue && m.confirmationDue < deps.today())
          throw new AppError('CONFLICT', {
            zh: '已超过 30 日司法确认申请期限',
            en: 'The 30-day window for judicial confirmation has passed',
          });
        await s.tx
          .update(caseMediations)
          .set({ judicialConfirmation: value })
          .where(eq(caseMediations.id, mediationId));
        await repo.insertEvent(s, c, { kind: 'judicial_confirmation', detail: { mediationId, value } });
        return { mediationId, value };
      }),

    addService: (actor: UserActor, id: number, input: z.infer<typeof CaseServiceInput>) =>
      write(actor, id, 'case.service', async (s, c, now) => {
        if (input.providedOn > deps.today())
          throw fieldError(
            'VALIDATION_FAILED',
            'providedOn',
            '服务日期不能晚于今天',
            'the service date cannot be in the future',
          );
        const [row] = await s.tx
          .insert(caseServices)
          .values({
            caseId: c.id,
            orgPath: c.orgPath,
            districtId: c.districtId,
            kind: input.kind,
            provider: input.provider,
            providedOn: input.providedOn,
            detailEnc: input.detail ? crypto.encrypt(input.detail) : null,
            amountYuan: input.amountYuan ?? null,
            recordedBy: actor.username,
          })
          .returning();
        await repo.insertEvent(s, c, { kind: 'service', detail: { serviceId: row!.id, kind: input.kind } });
        await count(s, c.orgPath, { 'cases.services': 1 }, now);
        return { serviceId: row!.id, kind: input.kind };
      }),

    attach: (actor: UserActor, id: number, name: string, bytes: Buffer) =>
      write(actor, id, 'case.attach', async (s, c) => {
        const f = await deps.files.saveFile(s, {
          owner: { type: 'case', id: c.id },
          orgPath: c.orgPath,
          districtId: c.districtId,
          name,
          bytes,
          accept: 'documents',
        });
        await repo.insertEvent(s, c, { kind: 'attachment', detail: { fileId: f.id, name: f.name } });
        return { fileId: f.id, name: f.name, size: f.size, sha256: f.sha256 };
      }),

    /** An attachment's bytes: an entitled read of the case, audited like every case read. */
    download: (actor: UserActor, id: number, fileId: number) =>
      auditingRefusal(deps, actor, () =>
        runScoped(deps.handle, actor, async (s) => {
          const l = await requireReadable(s, actor, id, nowOf(deps));
          const f = await deps.files.readFile(s, { type: 'case', id }, fileId);
          await appendAudit(s.tx, actor, {
            action: 'case.attachment.read',
            targetType: 'case',
            targetId: id,
            orgId: l.c.orgId,
            orgPath: l.c.orgPath,
            after: { fileId, name: f.meta.name },
          });
          return f;
        }),
      ),
  };

  async function ongoingMediation(s: Scoped, caseId: number, mediationId: number) {
    const [m] = await s.tx
      .select()
      .from(caseMediations)
      .where(and(eq(caseMediations.id, mediationId), eq(caseMediations.caseId, caseId)));
    if (!m) throw new AppError('MEDIATION_NOT_FOUND', { field: 'mediationId' });
    if (m.status !== 'ongoing') throw new AppError('MEDIATION_CLOSED');
    return m;
  }

  /** Dates of an instrument: the court's decision deadline (72 h, 24 h urgent) and the reminder day before expiry. */
  function instrumentColumns(
    input: {
      kind: string;
      status: string;
      urgent: boolean;
      appliedAt?: string;
      issuedAt?: string;
      validUntil?: string;
    },
    now: Date,
    appliedBefore: Date | null = null,
  ) {
    const appliedAt = input.appliedAt
      ? new Date(input.appliedAt)
      : (appliedBefore ?? (input.status === 'applied' ? now : null));
    if (input.status === 'issued' && input.kind === 'protection_order' && !input.validUntil)
      throw fieldError(
        'VALIDATION_FAILED',
        'validUntil',
        '保护令须填写有效期',
        'a protection order needs its expiry date',
      );
    const issuedAt = input.status === 'issued' ? (input.issuedAt ? new Date(input.issuedAt) : now) : null;
    if (issuedAt && input.validUntil && input.validUntil < chinaDate(issuedAt))
      throw fieldError(
        'VALIDATION_FAILED',
        'validUntil',
        '有效期不能早于签发日期',
        'the expiry cannot precede the issue date',
      );
    const decisionDueAt =
      input.kind === 'protection_order' && appliedAt
        ? deps.calendar.deadline(appliedAt, {
            amount: input.urgent ? ORDER_DECISION_HOURS.urgent : ORDER_DECISION_HOURS.normal,
            unit: 'hours',
          })
        : null;
    const remindOn =
      input.kind === 'protection_order' && input.validUntil
        ? workdaysBefore(input.validUntil, ORDER_REMINDER_WORKDAYS)
        : null;
    return {
      status: input.status,
      appliedAt,
      issuedAt,
      decisionDueAt,
      validUntil: input.validUntil ?? null,
      remindOn,
      reminderSentAt: null,
    };
  }

  /** The working day `n` working days before `day` (the reminder lead time before an order expires). */
  function workdaysBefore(day: string, n: number): string {
    let d = day;
    let left = n;
    while (left > 0) {
      d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      if (deps.calendar.isWorkday(d)) left--;
    }
    return d;
  }
}
export type HandlingService = ReturnType<typeof createHandlingService>;
