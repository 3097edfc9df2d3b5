import type { z } from 'zod';
import type { CaseExportInput } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { requirePermission, runScoped, type UserActor } from '../../platform/scope.js';
import type { CasesDeps } from './cases.access.service.js';
import { encryptedCaseWorkbook } from './cases.excel.js';
import { exportableCases } from './cases.export.repository.js';

export const EXPORT_LIMIT = 20_000;

/**
 * Exports of cases exist only as password-protected workbooks (cases.excel.ts). Only cases whose content the user may
 * read are exported (row-level security drops the rest), with masked victim names and never an address or contact.
 * The export itself is audited.
 */
export function createCaseExport(deps: CasesDeps) {
  return {
    exportCases: (actor: UserActor, input: z.infer<typeof CaseExportInput>) =>
      runScoped(deps.handle, actor, async (s) => {
        requirePermission(actor, 'case.export');
        const rows = await exportableCases(s, input, EXPORT_LIMIT);
        const encrypted = await encryptedCaseWorkbook(rows, input.password);
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
