import { describe, expect, it } from 'vitest';
import { OPEN_DROPDOWN, apiGet, browserForFile, openPage, signIn, type OrgRef } from './helpers.js';

const browser = browserForFile();

describe('org switcher', () => {
  it('acts for a district: the tree is rooted there, and the choice survives a reload', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'city.cadre');
      await page.getByTestId('menu-orgs').click(); // the switcher keeps the tree's page on the tree
      await page.getByTestId('org-tree').waitFor();
      const district = (await apiGet<{ items: OrgRef[] }>(page, '/organizations/search?q=500154')).items.find(
        (h) => h.code === '500154',
      );
      if (!district) throw new Error('demo data lacks 开州区妇联 (500154)');

      const switcher = page.getByTestId('org-switcher');
      await switcher.click();
      await page.keyboard.type('开州');
      // clicked once the dropdown has finished opening (see chooseOption in helpers.ts)
      await page
        .locator(`${OPEN_DROPDOWN} .ant-select-tree-treenode`)
        .filter({ hasText: new RegExp(`${district.name}$`) })
        .first()
        .click({ timeout: 30_000 });

      await page.waitForURL(new RegExp(`/orgs/${district.id}$`));
      const tree = page.getByTestId('org-tree');
      await tree.locator(`[data-org-id="${district.id}"]`).waitFor();
      const firstId = async () => Number(await tree.locator('[data-org-id]').first().getAttribute('data-org-id'));
      expect(await firstId()).toBe(district.id);

      await page.reload();
      await page.getByTestId('org-tree').locator(`[data-org-id="${district.id}"]`).waitFor();
      expect(await firstId()).toBe(district.id);
    } finally {
      await context.close();
    }
  }, 60_000);
});
