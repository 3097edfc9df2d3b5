import { describe, expect, it } from 'vitest';
import { browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();

describe('retention', () => {
  it('the admin sees the periods, is refused a period under 30 days on the field, and writes a dry-run report', async () => {
    const { page, context } = await openPage(browser());
    try {
      await signIn(page, 'admin');
      await page.getByTestId('menu-retention').click();
      const policies = page.getByTestId('retention-policies');
      await policies.getByText('不再属于任何服务类别的人员').waitFor();
      expect(await policies.textContent()).toContain('1095 天');

      await page.getByTestId('edit-policy-person').click();
      const modal = page.getByTestId('policy-modal');
      await modal.getByTestId('policy-days').fill('10');
      await modal.getByTestId('policy-submit').click();
      // the server's refusal, on the field (the contract says at least 30 days)
      await modal.locator('.ant-form-item-explain-error').first().waitFor();
      await modal.getByTestId('policy-days').fill('1095');
      await modal.getByTestId('policy-submit').click();
      await modal.waitFor({ state: 'hidden' });

      const runs = page.getByTestId('retention-runs');
      const before = await runs.locator('tr.ant-table-row').count();
      await page.getByTestId('retention-dry-run').click();
      await expect.poll(() => runs.locator('tr.ant-table-row').count()).toBe(before + 1);
      const first = runs.locator('tr.ant-table-row').first();
      expect(await first.textContent()).toContain('试运行报告');
      expect(await first.textContent()).toMatch(/不再属于任何服务类别的人员：将匿名化 \d+ 条/);
      await first.getByRole('button', { name: '确认执行' }).waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
