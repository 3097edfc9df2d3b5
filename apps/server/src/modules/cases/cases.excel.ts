import ExcelJS from 'exceljs';
import {
  CASE_CHANNEL_LABELS,
  CASE_OUTCOME_LABELS,
  CASE_STATE_LABELS,
  CASE_TYPE_LABELS,
  RISK_LEVEL_LABELS,
} from '@jinguo/contracts';
import { passwordProtectWorkbook } from '../../platform/files/index.js';
import { formatDateTime } from '../../platform/time.js';
import type { CaseRow, DetailsRow } from './cases.repository.js';

/**
 * The case export workbook, encrypted with the password (platform/files: passwordProtectWorkbook). Masked victim
 * names, never an address or contact; a cell starting like a formula is quoted.
 */
export async function encryptedCaseWorkbook(
  rows: { c: CaseRow; d: DetailsRow; org: string }[],
  password: string,
): Promise<Buffer> {
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
      opened: formatDateTime(c.openedAt),
      closed: c.closedAt ? formatDateTime(c.closedAt) : '',
      outcome: zh(CASE_OUTCOME_LABELS, d.outcome),
      victim: cell(d.victimDisplay ?? ''),
      minor: d.involvesMinor ? '是' : '否',
      supervised: d.supervised ? '是' : '否',
    });
  }
  const plain = Buffer.from(await wb.xlsx.writeBuffer());
  return passwordProtectWorkbook(plain, password);
}
