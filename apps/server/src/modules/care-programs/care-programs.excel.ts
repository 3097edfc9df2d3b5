import ExcelJS from 'exceljs';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const contentDisposition = (name: string) =>
  `attachment; filename="payment-list.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export interface PaymentLine {
  applicationId: number;
  name: string;
  idNumberMasked: string;
  place: string;
  bankName: string;
  accountNumber: string;
  accountHolder: string;
  amount: number;
}

/**
 * 发放清单 for the finance office: one line per approved, unpaid application, with the bank account in clear (the
 * export is a sensitive read, audited with its reason). A cell starting like a formula is quoted.
 */
export async function paymentWorkbook(title: string, lines: PaymentLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jinguo';
  const ws = wb.addWorksheet('发放清单');
  ws.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '申请编号', key: 'id', width: 10 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '身份证号', key: 'idNumber', width: 22 },
    { header: '户籍地', key: 'place', width: 30 },
    { header: '开户行', key: 'bank', width: 20 },
    { header: '账号', key: 'account', width: 26 },
    { header: '户名', key: 'holder', width: 10 },
    { header: '金额（元）', key: 'amount', width: 12 },
  ];
  const cell = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);
  lines.forEach((l, i) =>
    ws.addRow({
      no: i + 1,
      id: l.applicationId,
      name: cell(l.name),
      idNumber: l.idNumberMasked,
      place: cell(l.place),
      bank: cell(l.bankName),
      account: l.accountNumber,
      holder: cell(l.accountHolder),
      amount: l.amount,
    }),
  );
  const total = lines.reduce((n, l) => n + Math.round(l.amount * 100), 0) / 100;
  ws.addRow({ no: '合计', amount: total });
  ws.getRow(1).font = { bold: true };
  ws.getColumn('amount').numFmt = '#,##0.00';
  wb.title = title;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
