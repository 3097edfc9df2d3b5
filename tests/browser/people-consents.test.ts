import { describe, expect, it } from 'vitest';
import { browserForFile, chooseOption, homeOrg, openPage } from './helpers.js';
import { apiPost, createPerson, signInAndSettle } from './people-helpers.js';

const browser = browserForFile();

describe('consent records', () => {
  it("a child's consent is her guardian's: refused for herself, recorded for her mother, then withdrawn", async () => {
    const { page, context } = await openPage(browser());
    try {
      await signInAndSettle(page, 'village.a');
      const org = await homeOrg(page);
      const mother = await createPerson(page, { orgId: org.id, name: '罗春梅', birth: '19880404' });
      const child = await createPerson(page, { orgId: org.id, name: '罗小雪', birth: '20170707' });
      await apiPost(page, `/people/${child.id}/guardians`, { guardianId: mother.id, relationship: '母亲' });

      await page.goto(`/people/${child.id}?tab=consents`);
      await page.getByTestId('add-consent-button').click();
      const modal = page.getByTestId('consent-modal');
      await modal.getByTestId('consent-purpose').fill('建立留守儿童关爱档案');
      // the child herself: the server refuses and names the field
      await chooseOption(page, modal.getByTestId('consent-given-by'), '本人');
      await modal.getByTestId('consent-submit').click();
      await modal.getByText('不满十四周岁的儿童不能本人同意').waitFor();

      await chooseOption(page, modal.getByTestId('consent-given-by'), '罗春梅');
      await modal.getByTestId('consent-evidence').fill('书面同意书 2026-088 号');
      await modal.getByTestId('consent-submit').click();
      const table = page.getByTestId('consents-table');
      const row = table.locator('tr.ant-table-row', { hasText: '建立留守儿童关爱档案' });
      await row.waitFor();
      expect(await row.textContent()).toContain('监护人 罗春梅');
      expect(await row.textContent()).toContain('有效');

      await row.getByRole('button', { name: '撤回同意' }).click();
      await page.getByTestId('withdraw-consent-reason').fill('监护人来电撤回');
      await page.getByTestId('withdraw-consent-submit').click();
      await expect.poll(async () => row.textContent()).toContain('监护人来电撤回');
      expect(await row.textContent()).toContain('已撤回');

      await page.getByTestId('person-tab-timeline').click();
      await page.getByText('撤回同意：不满十四周岁未成年人监护人同意').waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
