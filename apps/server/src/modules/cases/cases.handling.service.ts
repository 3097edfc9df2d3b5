import type { z } from 'zod';
import type { CaseServiceInput, CaseView, MandatoryReportInfo, ReferralInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/index.js';
import { requirePermission, runScoped, type Scoped, type UserActor, pathWithin } from '../../platform/scope.js';
import {
  auditingRefusal,
  count,
  nowOf,
  requireReadable,
  requireWritable,
  type CasesDeps,
} from './cases.access.service.js';
import * as handlingRepo from './cases.handling.repository.js';
import * as repo from './cases.repository.js';
import type { CasesService } from './cases.service.js';
import { createInstrumentsService } from './cases.instruments.service.js';
import { createMediationService } from './cases.mediation.service.js';
import { actorLabel } from './cases.policy.js';

/**
 * A handling step on an open case, for those who may write it: the step's own change, then the case touched, the
 * audit entry (with what the step returns as `after`) and the case view, in one transaction.
 */
export type HandlingWrite = <T>(
  actor: UserActor,
  id: number,
  action: string,
  fn: (s: Scoped, c: repo.CaseRow, now: Date) => Promise<T>,
) => Promise<CaseView>;

/**
 * Joint handling on a case: referrals to partner agencies, legal instruments (cases.instruments.service.ts),
 * mediation (cases.mediation.service.ts), services, attachments.
 */
export function createHandlingService(deps: CasesDeps, cases: CasesService) {
  const { crypto } = deps;
  const write: HandlingWrite = (actor, id, action, fn) =>
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
        const agency = await handlingRepo.findActiveAgency(s, input.agencyId);
        // An agency serves the cases of the org it is attached to and everything below it.
        if (!agency || !pathWithin(c.orgPath, agency.orgPath))
          throw new AppError('AGENCY_NOT_FOUND', { field: 'agencyId' });
        const r = await handlingRepo.insertReferral(s, {
          caseId: c.id,
          orgPath: c.orgPath,
          districtId: c.districtId,
          agencyId: agency.id,
          status: 'sent',
          requestEnc: crypto.encrypt(input.request),
          urgent: input.urgent,
          sentAt: now,
          sentBy: actorLabel(actor),
        });
        await repo.insertEvent(s, c, {
          kind: 'referral',
          detail: { referralId: r.id, agency: agency.name, urgent: input.urgent },
        });
        await count(s, c.orgPath, { 'cases.referrals': 1 }, now);
        const users = await handlingRepo.agencyUserIds(s, agency.id);
        await notify(s.tx, {
          kind: 'case.referral',
          recipients: users.map((u) => ({ user: u })),
          title: {
            'zh-CN': `${input.urgent ? '【紧急】' : ''}妇联转介维权案件 ${c.caseNo}`,
            'en-US': `${input.urgent ? '[Urgent] ' : ''}Case ${c.caseNo} referred by the women's federation`,
          },
          link: `/referrals/${r.id}`,
          target: { type: 'referral', id: r.id },
          orgPath: c.orgPath,
        });
        return { referralId: r.id, agencyId: agency.id };
      }),

    withdrawReferral: (actor: UserActor, id: number, referralId: number, reason: string) =>
      write(actor, id, 'case.referral.withdraw', async (s, c) => {
        const withdrawn = await handlingRepo.withdrawReferral(s, c.id, referralId);
        if (!withdrawn) {
          const exists = (await handlingRepo.referrals(s, c.id)).some((x) => x.r.id === referralId);
          throw new AppError(exists ? 'REFERRAL_INVALID_TRANSITION' : 'REFERRAL_NOT_FOUND', { field: 'referralId' });
        }
        await repo.insertEvent(s, c, { kind: 'referral_withdrawn', reason, detail: { referralId } });
        return { referralId, reason };
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
        const row = await handlingRepo.insertService(s, {
          caseId: c.id,
          orgPath: c.orgPath,
          districtId: c.districtId,
          kind: input.kind,
          provider: input.provider,
          providedOn: input.providedOn,
          detailEnc: input.detail ? crypto.encrypt(input.detail) : null,
          amountYuan: input.amountYuan ?? null,
          recordedBy: actorLabel(actor),
        });
        await repo.insertEvent(s, c, { kind: 'service', detail: { serviceId: row.id, kind: input.kind } });
        await count(s, c.orgPath, { 'cases.services': 1 }, now);
        return { serviceId: row.id, kind: input.kind };
      }),

    /**
     * 强制报告 on a case already open: the reporting institution, the time of its police report and the receipt
     * number; a mandatory report concerns a minor, so the case is marked as involving one.
     */
    recordMandatoryReport: (actor: UserActor, id: number, input: z.infer<typeof MandatoryReportInfo>) =>
      write(actor, id, 'case.mandatory_report', async (s, c, now) => {
        if (new Date(input.policeReportedAt) > now)
          throw fieldError(
            'VALIDATION_FAILED',
            'policeReportedAt',
            '报案时间不能晚于现在',
            'the police report cannot be in the future',
          );
        const d = await repo.details(s, c.id);
        const intake = { ...((d?.intake ?? {}) as Record<string, unknown>), mandatoryReport: input };
        await repo.updateDetails(s, c.id, { intake, involvesMinor: true });
        await repo.insertEvent(s, c, {
          kind: 'mandatory_report',
          detail: { reporterOrg: input.reporterOrg, policeReceiptNo: input.policeReceiptNo },
        });
        return { reporterOrg: input.reporterOrg, policeReportedAt: input.policeReportedAt };
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
    ...createInstrumentsService(deps, write),
    ...createMediationService(deps, write),
  };
}
export type HandlingService = ReturnType<typeof createHandlingService>;
