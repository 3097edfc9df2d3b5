import { describe, expect, it } from 'vitest';
import {
  apiGet,
  browserForFile,
  chooseOption,
  expandTreeNode,
  homeOrg,
  openPage,
  scrollTreeTo,
  signIn,
  type OrgRef,
} from './helpers.js';

const browser = browserForFile();

describe('organizations (city cadre)', () => {
  it('browses the tree to a village, creates a women’s group under it, sees it in the tree, signs out', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'city.cadre');
      const city = await homeOrg(page);
      // she lands on her workbench; the tree is one menu click away and opens at her acting org
      await page.getByTestId('menu-orgs').click();
      await page.waitForURL(new RegExp(`/orgs/${city.id}$`));
      await expect.poll(() => page.getByTestId('org-detail-name').textContent()).toBe(city.name);

      // Pick the path through the API, then walk it in the UI: 开州区 → a town (汉丰街道 if present) → a village.
      const district = (await apiGet<{ items: OrgRef[] }>(page, '/organizations/search?q=500154')).items.find(
        (h) => h.code === '500154',
      );
      if (!district) throw new Error('demo data lacks 开州区妇联 (500154)');
      const towns = (await apiGet<{ items: OrgRef[] }>(page, `/organizations/${district.id}/children`)).items;
      const town =
        towns.find((o) => o.name.includes('汉丰') && (o.childCount ?? 0) > 0) ??
        towns.find((o) => (o.childCount ?? 0) > 0);
      if (!town) throw new Error('开州区 has no town with children');
      const villages = (await apiGet<{ items: OrgRef[] }>(page, `/organizations/${town.id}/children`)).items;
      const village = villages.find((o) => o.type === 'village_federation');
      if (!village) throw new Error(`${town.name} has no village federation`);

      // The root is open on arrival; expand district and town with the tree's switchers.
      await expandTreeNode(page, district.id);
      await expandTreeNode(page, town.id);
      const villageRow = await scrollTreeTo(page, village.id);
      await villageRow.locator(`[data-org-id="${village.id}"]`).click();
      await page.waitForURL(new RegExp(`/orgs/${village.id}$`));
      await expect.poll(() => page.getByTestId('org-detail-name').textContent()).toBe(village.name);

      // Create a women's group under the village in the drawer.
      await page.getByTestId('org-tab-children').click();
      await page.getByTestId('create-child-button').click();
      const drawer = page.getByTestId('create-org-drawer');
      await drawer.waitFor();
      await chooseOption(page, drawer.getByTestId('create-org-type'), '妇女小组');
      const groupName = `第${Date.now() % 100000}网格妇女小组`;
      await drawer.getByTestId('create-org-name').fill(groupName);
      await drawer.getByTestId('create-org-submit').click();
      await drawer.waitFor({ state: 'hidden' });

      // It shows in the children table and, revealed under the village, in the tree.
      await page.getByTestId('org-children-table').getByText(groupName).waitFor();
      await page.getByTestId('org-tree').getByText(groupName).waitFor();

      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').click();
      await page.waitForURL(/\/login$/);
      await page.getByTestId('login-username').waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
