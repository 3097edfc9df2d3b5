import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { browserForFile, openPage } from './helpers.js';
import { phoneNumber, signInAndSettle, withWrongCheck, womanIdNumbers } from './people-helpers.js';

const browser = browserForFile();

const SHEET = '人员信息';
const ORG_CODE = '500154001001'; // 驷马社区妇联, village.a's home org

async function downloadWorkbook(page: Page, click: () => Promise<void>): Promise<ExcelJS.Workbook> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

/** Column numbers by header (row 1). */
function columns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => out.set(String(cell.value), col));
  return out;
}

async function upload(page: Page, book: ExcelJS.Workbook, name: string): Promise<void> {
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  await page
    .getByTestId('import-upload')
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await page.getByTestId('import-preview').waitFor({ timeout: 30_000 });
}

describe('people import', () => {
  it('village.a imports a workbook, fixes the bad rows from the annotated workbook, and sees the people', async () => {
    const { context, page } = await openPage(browser());
    const stamp = Date.now().toString(36).slice(-5);
    const names = ['甲', '乙', '丙', '丁', '戊'].map((n) => `导入${stamp}${n}`);
    const ids = womanIdNumbers(names.length);
    try {
      await signInAndSettle(page, 'village.a');
      await page.getByTestId('menu-people-import').click();
      await page.waitForURL(/\/people\/import$/);

      // Step 1: the template, filled in here.
      const book = await downloadWorkbook(page, () => page.getByTestId('import-template-download').click());
      const sheet = book.getWorksheet(SHEET)!;
      const col = columns(sheet);
      for (const h of ['姓名', '身份证号', '手机号码', '所属组织代码']) expect(col.has(h), h).toBe(true);
      names.forEach((name, i) => {
        const row = sheet.getRow(i + 2);
        row.getCell(col.get('姓名')!).value = name;
        // Row 5 (丁): a wrong check character; row 6 (戊): a phone number with too few digits.
        row.getCell(col.get('身份证号')!).value = i === 3 ? withWrongCheck(ids[i]!) : ids[i]!;
        row.getCell(col.get('手机号码')!).value = i === 4 ? '1380013' : phoneNumber();
        row.getCell(col.get('所属组织代码')!).value = ORG_CODE;
        row.commit();
      });

      // Steps 2–3: upload, preview with the two bad rows and their cells.
      await page.getByTestId('import-to-upload').click();
      await upload(page, book, `人员-${stamp}.xlsx`);
      const problems = page.getByTestId('import-problems');
      await problems.locator('tr[data-row]').first().waitFor();
      const found = (await problems.textContent()) ?? ''; // named in a failure, to tell which rows and why
      expect(await page.getByTestId('import-count-invalid').textContent(), found).toContain('2');
      expect(await page.getByTestId('import-count-valid').textContent(), found).toContain('3');
      await problems.locator('tr[data-row="5"]').first().waitFor();
      expect(await problems.locator('tr[data-row="5"]').first().textContent()).toContain('身份证号');
      expect(await problems.locator('tr[data-row="6"]').first().textContent()).toContain('手机号码');
      expect(await problems.locator('tr[data-row]').count()).toBe(2);

      // The annotated workbook: fix the marked cells, upload again.
      const errors = await downloadWorkbook(page, () => page.getByTestId('import-errors-download').click());
      const errSheet = errors.getWorksheet(SHEET)!;
      const ecol = columns(errSheet);
      const reasons = ecol.get('错误原因')!;
      let fixed = 0;
      errSheet.eachRow((row, n) => {
        if (n === 1 || !row.getCell(reasons).value) return;
        const name = String(row.getCell(ecol.get('姓名')!).value);
        const i = names.indexOf(name);
        expect(i === 3 || i === 4, `${name} marked`).toBe(true);
        if (i === 3) row.getCell(ecol.get('身份证号')!).value = ids[3]!;
        if (i === 4) row.getCell(ecol.get('手机号码')!).value = phoneNumber();
        row.getCell(reasons).value = null;
        row.commit();
        fixed++;
      });
      expect(fixed).toBe(2);
      await page.getByTestId('import-reupload').click();
      await upload(page, errors, `人员-${stamp}-改.xlsx`);
      await page.getByTestId('import-all-valid').waitFor();
      expect(await page.getByTestId('import-count-valid').textContent()).toContain('5');

      // Step 4: the job runs; the progress bar reaches done.
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('import-progress-bar').getAttribute('aria-valuenow')).toBe('100');
      expect(await page.getByTestId('import-done').textContent()).toContain('新增 5 人');

      // The people are in the list.
      await page.getByTestId('import-view-people').click();
      await page.getByTestId('people-search').fill(`导入${stamp}`);
      const rows = page.getByTestId('people-table').locator('tr[data-person-id]');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(5);
      const shown = (await rows.allTextContents()).join(' ');
      for (const name of names) expect(shown).toContain(name);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('village.a discards a previewed upload: back to the upload step, the import listed as 已放弃', async () => {
    const { context, page } = await openPage(browser());
    const stamp = Date.now().toString(36).slice(-5);
    try {
      await signInAndSettle(page, 'village.a');
      await page.getByTestId('menu-people-import').click();
      await page.waitForURL(/\/people\/import$/);
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet(SHEET);
      sheet.addRow(['姓名', '身份证号', '所属组织代码']);
      sheet.addRow([`放弃${stamp}`, womanIdNumbers(1)[0]!, ORG_CODE]);
      await page.getByTestId('import-to-upload').click();
      const filename = `放弃-${stamp}.xlsx`;
      await upload(page, book, filename);
      await page.getByTestId('import-all-valid').waitFor();

      await page.getByTestId('import-discard').click();
      await page.getByTestId('import-discard-confirm').click();
      await page.getByTestId('import-upload').waitFor();
      expect(page.url()).not.toContain('importId=');
      const listed = page.getByTestId('recent-imports').locator('tr', { hasText: filename });
      await expect.poll(() => listed.getByTestId('import-status').textContent(), { timeout: 10_000 }).toBe('已放弃');
    } finally {
      await context.close();
    }
  }, 60_000);
});
