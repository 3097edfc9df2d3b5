import { z } from 'zod';
import { BatchPaymentInput, PaymentInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeCursor } from '../../platform/http/cursor.js';
import { pathWithin, requireOrgInScope, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { bumpCounters, byOrg, readCounters } from '../../platform/stats/index.js';
import { chinaDate } from '../../platform/time.js';
import type { Applications } from './care-programs.applications.service.js';
import { declaredOf, requireApplication } from './care-programs.applications.service.js';
import * as foreign from './care-programs.directory.repository.js';
import { paymentWorkbook } from './care-programs.excel.js';
import { noticeToApplicant } from './care-programs.notices.service.js';
import * as payRepo from './care-programs.payments.repository.js';
import { levelOf, toFen, toYuan } from './care-programs.policy.js';
import { requireProgram } from './care-programs.programs.service.js';
import * as repo from './care-programs.repository.js';
import type { CareDeps } from './care-programs.service.js';
import { CARE_METRICS } from './care-programs.statistics.js';
import { applicationViews } from './care-programs.views.js';

type Payment = z.infer<typeof PaymentInput>;

export function createPayments(deps: CareDeps, _applications: Applications) {
  /** Records one payment in the caller's transaction: approved → paid, the quota's money, the live counters. */
  async function payIn(s: Scoped, actor: UserActor, id: number, input: Payment, field = '') {
    const a = await requireApplication(s, id, true, field ? `${field}applicationId` : undefined);
    if (a.state !== 'approved')
      throw new AppError('CARE_INVALID_TRANSITION', {
        ...(field ? { field: `${field}applicationId` } : {}),
        zh: `申请 #${a.id} 尚未批准或已发放`,
        en: `Application #${a.id} is not approved or already paid`,
      });
    const p = await requireProgram(s, a.programId);
    const level = levelOf(actor.scope.orgType);
    if (level === null || !p.paymentLevels.includes(level) || !pathWithin(a.orgPath, actor.scope.path))
      throw new AppError('CARE_NOT_YOUR_LEVEL', {
        zh: `该项目由${p.paymentLevels.join('/')}级发放`,
        en: `payments are recorded at the ${p.paymentLevels.join('/')} level`,
      });
    const amountFen = toFen(input.amount);
    if (amountFen > Number(a.amountFen))
      throw fieldError(
        'VALIDATION_FAILED',
        `${field}amount`,
        `发放金额不能超过批准金额 ${toYuan(a.amountFen)} 元`,
        `the payment exceeds the approved ${toYuan(a.amountFen)} yuan`,
      );
    if (input.paidOn > deps.today())
      throw fieldError(
        'VALIDATION_FAILED',
        `${field}paidOn`,
        '发放日期不能晚于今天',
        'the payment date cannot be in the future',
      );
    // The approval's date by the database clock, but never after the platform's today (a test or demo clock set
    // back would otherwise forbid every payment).
    const approvedOn = a.decidedAt ? [chinaDate(a.decidedAt), deps.today()].sort()[0]! : null;
    if (approvedOn && input.paidOn < approvedOn)
      throw fieldError(
        'VALIDATION_FAILED',
        `${field}paidOn`,
        '发放日期不能早于批准日期',
        'the payment date is before the approval',
      );
    if (input.proofFileId !== null && !(await repo.materialsOf(s, [a.id])).some((m) => m.fileId === input.proofFileId))
      throw new AppError('FILE_NOT_FOUND', { field: `${field}proofFileId` });
    const d = await payRepo.insertDisbursement(s, {
      programId: p.id,
      applicationId: a.id,
      personId: a.personId,
      orgId: a.orgId,
      orgPath: a.orgPath,
      districtId: a.districtId,
      amountFen,
      paidOn: input.paidOn,
      channel: input.channel,
      reference: input.reference,
      proofFileId: input.proofFileId,
      createdBy: actor.username,
    });
    const updated = await repo.updateApplication(s, a.id, { state: 'paid' });
    await noticeToApplicant(s, p, updated, 'care.application.paid');
    if (a.districtId !== null) {
      const q = await repo.lockQuota(s, p.id, a.districtId);
      if (q) await repo.addToQuota(s, q.id, { paidCount: 1, paidFen: amountFen });
    }
    await repo.insertReview(s, {
      applicationId: a.id,
      orgPath: a.orgPath,
      districtId: a.districtId,
      step: a.step,
      action: 'pay',
      opinion: `${input.channel} ${input.reference}`,
      byUserId: actor.userId,
      byName: actor.displayName,
      byOrgId: actor.scope.orgId,
    });
    await bumpCounters(s.tx, {
      orgPath: a.orgPath,
      day: input.paidOn,
      deltas: { 'care.beneficiaries': 1, 'care.disbursed_fen': amountFen },
    });
    await appendAudit(s.tx, actor, {
      action: 'care.application.pay',
      targetType: 'care_application',
      targetId: a.id,
      orgPath: a.orgPath,
      after: { disbursementId: d.id, amountFen, paidOn: input.paidOn, channel: input.channel },
    });
    return updated;
  }

  return {
    payIn,
    pay: (actor: UserActor, id: number, input: Payment) =>
      runScoped(
        deps.handle,
        actor,
        async (s) => (await applicationViews(s, actor, [await payIn(s, actor, id, input)]))[0]!,
      ),

    /** A whole payment list at once: every line is recorded, or — if one fails — none (one transaction). */
    payBatch: (actor: UserActor, input: z.infer<typeof BatchPaymentInput>) =>
      runScoped(deps.handle, actor, async (s) => {
        const ids = input.items.map((i) => i.applicationId);
        const twice = ids.findIndex((x, i) => ids.indexOf(x) !== i);
        if (twice >= 0)
          throw fieldError(
            'VALIDATION_FAILED',
            `items.${twice}.applicationId`,
            '同一申请重复出现',
            'an application appears twice',
          );
        const paid = [];
        for (const [i, item] of input.items.entries())
          paid.push(await payIn(s, actor, item.applicationId, item, `items.${i}.`));
        return { paid: paid.length, amount: toYuan(input.items.reduce((n, i) => n + toFen(i.amount), 0)) };
      }),

    /** 发放清单 (.xlsx): the approved, unpaid applications of a program in the subtree, bank accounts in clear. */
    paymentList: (actor: UserActor, programId: number, reason: string, orgId?: number) =>
      runScoped(deps.handle, actor, async (s) => {
        const p = await requireProgram(s, programId, 'programId');
        let path = actor.scope.path;
        if (orgId !== undefined)
          path = requireOrgInScope(s, (await foreign.orgsById(s, [orgId])).get(orgId), { field: 'orgId' }).path;
        const rows = await payRepo.approvedUnpaid(s, p.id, path);
        const places = await foreign.orgsByPaths(s, [
          ...new Set(
            rows.flatMap((r) =>
              r.org_path
                .split('.')
                .map((_, i, a) => a.slice(0, i + 1).join('.'))
                .slice(1),
            ),
          ),
        ]);
        const nameAt = new Map(places.map((o) => [o.path, o.name]));
        const lines = rows.map((r) => {
          const labels = r.org_path.split('.');
          const place = labels
            .slice(1)
            .map((_, i) => nameAt.get(labels.slice(0, i + 2).join('.')) ?? '')
            .join('');
          const bank = r.bank_account_enc
            ? declaredOf(deps, {
                bankAccountEnc: r.bank_account_enc,
                civilCategoryEnc: null,
                diagnosisEnc: null,
              } as repo.ApplicationRow).bankAccount
            : null;
          return {
            applicationId: Number(r.id),
            name: r.person_name ?? '',
            idNumberMasked: r.id_number_masked ?? '',
            place,
            bankName: bank?.bankName ?? '',
            accountNumber: bank?.accountNumber ?? '',
            accountHolder: bank?.accountHolder ?? '',
            amount: toYuan(Number(r.amount_fen)),
          };
        });
        await appendAudit(s.tx, actor, {
          action: 'care.payment_list.export',
          targetType: 'care_program',
          targetId: p.id,
          orgPath: path,
          reason,
          after: { lines: lines.length, applicationIds: lines.map((l) => l.applicationId) },
        });
        return { fileName: `${p.name}-发放清单-${deps.today()}.xlsx`, bytes: await paymentWorkbook(p.name, lines) };
      }),

    beneficiaries: (
      actor: UserActor,
      q: {
        programId?: number | undefined;
        orgId?: number | undefined;
        from?: string | undefined;
        to?: string | undefined;
        cursor?: string | undefined;
        limit: number;
      },
    ) =>
      runScoped(deps.handle, actor, async (s) => {
        let path = actor.scope.path;
        if (q.orgId !== undefined)
          path = requireOrgInScope(s, (await foreign.orgsById(s, [q.orgId])).get(q.orgId), { field: 'orgId' }).path;
        if (q.programId !== undefined) await requireProgram(s, q.programId, 'programId');
        const rows = await payRepo.beneficiaries(
          s,
          { path, programId: q.programId, from: q.from, to: q.to },
          decodeKeysetCursor(q.cursor, 'date'),
          q.limit,
        );
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return {
          items: page.map((r) => ({
            applicationId: r.application_id === null ? null : Number(r.application_id),
            program: { id: Number(r.program_id), name: r.program_name },
            person: { id: Number(r.person_id), name: r.person_name ?? '', idNumberMasked: r.id_number_masked },
            org: { id: Number(r.org_id), name: r.org_name ?? '' },
            amount: toYuan(Number(r.amount_fen)),
            paidOn: r.paid_on,
            channel: r.channel,
          })),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.paid_on, id: Number(last.id) }) : null,
        };
      }),

    /** 数据: applications, beneficiaries, money and parcels of the org and each child, from the live counters. */
    figures: (actor: UserActor, q: { orgId?: number | undefined; from: string; to: string }) =>
      runScoped(deps.handle, actor, async (s) => {
        const orgId = q.orgId ?? actor.scope.orgId;
        const org = requireOrgInScope(s, (await foreign.orgsById(s, [orgId])).get(orgId), { field: 'orgId' });
        const metrics = [...CARE_METRICS];
        const self = await readCounters(s, { orgId: org.id, metrics, from: q.from, to: q.to, by: 'self' });
        const children = await readCounters(s, { orgId: org.id, metrics, from: q.from, to: q.to, by: 'children' });
        const names = await foreign.orgsById(
          s,
          children.map((c) => c.orgId),
        );
        const shape = (m: Record<string, number>) => ({
          applications: m['care.applications'] ?? 0,
          beneficiaries: m['care.beneficiaries'] ?? 0,
          disbursed: toYuan(m['care.disbursed_fen'] ?? 0),
          parcels: m['care.parcels'] ?? 0,
        });
        const zero = Object.fromEntries(metrics.map((m) => [m, 0]));
        return {
          org: { id: org.id, name: org.name },
          total: shape(byOrg(self, metrics).get(org.id) ?? zero),
          children: [...byOrg(children, metrics).entries()].map(([id, m]) => ({
            org: { id, name: names.get(id)?.name ?? '' },
            ...shape(m),
          })),
        };
      }),
  };
}
