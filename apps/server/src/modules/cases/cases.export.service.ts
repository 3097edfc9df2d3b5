import type { z } from 'zod';
import ExcelJS from 'exceljs';
import officeCrypto from 'officecrypto-tool';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
  CASE_CHANNEL_LABELS,
  CASE_OUTCOME_LABELS,
  CASE_STATE_LABELS,
  CASE_TYPE_LABELS,
  RISK_LEVEL_LABELS,
} from '@jinguo/contracts';
import type { CaseExportInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { organizations } from '../../platform/db/schema.js';
import { requirePermission, runScoped, inSubtree, type UserActor } from '../../platform/scope.js';
import type { CasesDeps } from './cases.access.service.js';
import { caseDetails, cases } from './cases.tables.js';

export const EXPORT_LIMIT = 20_000;

/**
 * Exports of cases exist only as password-protected workbooks: ECMA-376 agile encryption (AES-256, SHA-512 key
 * derivation) through officecrypto-tool, which Excel, WPS and LibreOffice open with the password. Only cases whose
 * content the user may read are exported (row-level security drops the rest), with masked victim names and never an
 * address or contact. The export itself is audited.
 */
export function createCaseExport(deps: CasesDeps) {
  return {
    exportCases: (actor: UserActor, input: z.infer<typeof CaseExportInput>) =>
      runScoped(deps.handle, actor, async (s) => {
        requirePermission(actor, 'case.export');
        const conds: SQL[] = [inSubtree(s, cases.orgPath)];
        if (input.status) conds.push(eq(cases.status, input.status));
        if (input.caseType) conds.push(eq(cases.caseType, input.caseType));
        if (input.from)
          conds.push(sql`${cases.openedAt} >= (${input.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
        if (input.to)
          conds.push(sql`${cases.openedAt} < ((${input.to}::date + 1))::timestamp at time zone 'Asia/Shanghai'`);
        // The inner join on case_details is the entitlement: RLS admits content rows of entitled cases only.
        const rows = await s.tx
          .select({ c: cases, d: caseDetails, org: organizations.name })
          .from(cases)
          .innerJoin(caseDetails, eq(caseDetails.caseId, cases.id))
          .innerJoin(organizations, eq(organizations.id, cases.orgId))
          .where(and(...conds, sql`jinguo_case_access(${cases.id}, ${cases.orgPath}, true)`))
          .orderBy(desc(cases.openedAt))
          .limit(EXPORT_LIMIT);
        const wb = new ExcelJS.Workbook();
        wb.creator = 'Jinguo';
        const ws = wb.addWorksheet('维权案件');
        ws.columns = [
          { header: '案件编号', key: 'no', width: 24 },
          { header: '案件类型', key: 'type', width: 16 },
          { header: '状态', key: 'status', width: 8 },
          { header: '受理渠道', key: 'channel', width: 12 },
          { header: '风险等级', key: 'risk', width: 8 },
          { header: '所属组织', key: 'org', width: 24 },
          { header: '受理时间', key: 'opened', width: 20 },
          { header: '结案时间', key: 'closed', width: 20 },
          { header: '结案类型', key: 'outcome', width: 14 },
          { header: '受害人', key: 'victim', width: 10 },
          { header: '涉未成年人', key: 'minor', width: 10 },
          { header: '督办', key: 'supervised', width: 6 },
        ];
        const zh = (m: Record<string, { 'zh-CN': string }>, k: string | null) => (k ? (m[k]?.['zh-CN'] ?? k) : '');
        const cell = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);
        for (const { c, d, org } of rows) {
          ws.addRow({
            no: c.caseNo,
            type: zh(CASE_TYPE_LABELS, c.caseType),
            status: zh(CASE_STATE_LABELS, c.status),
            channel: zh(CASE_CHANNEL_LABELS, d.channel),
            risk: zh(RISK_LEVEL_LABELS, d.riskLevel),
            org: cell(org),
            opened: c.openedAt.toISOString(),
            closed: c.closedAt?.toISOString() ?? '',
            outcome: zh(CASE_OUTCOME_LABELS, d.outcome),
            victim: cell(d.victimDisplay ?? ''),
            minor: d.involvesMinor ? '是' : '否',
            supervised: d.supervised ? '是' : '否',
          });
        }
        const plain = Buffer.from(await wb.xlsx.writeBuffer());
        const encrypted = (await officeCrypto.encrypt(plain, { password: input.password })) as Buffer;
        const caseIds = rows.map((r) => r.c.id);
        await appendAudit(s.tx, actor, {
          action: 'case.export',
          targetType: 'case',
          orgId: actor.scope.orgId,
          orgPath: actor.scope.path,
          after: {
            rows: rows.length,
            filters: {
              status: input.status ?? null,
              caseType: input.caseType ?? null,
              from: input.from ?? null,
              to: input.to ?? null,
            },
            caseIds: caseIds.slice(0, 1000),
            encrypted: 'ECMA-376 agile (AES-256)',
          },
        });
        return { bytes: encrypted, rows: rows.length, fileName: `维权案件_${deps.today()}.xlsx` };
      }),
  };
}
export type CaseExport = ReturnType<typeof createCaseExport>;
