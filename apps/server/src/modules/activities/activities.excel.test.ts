import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readAttendanceSheet } from './activities.excel.js';

async function sheet(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到导入');
  ws.addRow(['姓名', '手机号']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('attendance sheet', () => {
  it('reads full-width digits and a spaced or dashed phone as the number it is', async () => {
    const { rows, errors } = await readAttendanceSheet(
      await sheet([
        ['全角', '１３９０００００８０１'],
        ['空格', '139 0000 0802'],
        ['横线', '１３９－００００－０８０３'],
        ['数字', 13900000804],
      ]),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.phone)).toEqual(['13900000801', '13900000802', '13900000803', '13900000804']);
  });

  it('still refuses what is not a mobile phone number', async () => {
    const { rows, errors } = await readAttendanceSheet(await sheet([['短号', '１３９００']]));
    expect(rows).toEqual([]);
    expect(errors).toMatchObject([{ row: 2, field: 'phone' }]);
  });
});
