import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiGet, browserForFile, openPage, signIn, type OrgRef } from './helpers.js';

const browser = browserForFile();

/** Creates a women's group under the first village of 开州区 through the API (with the CSRF token, as the app does). */
async function createGroup(page: Page, name: string): Promise<number> {
  const district = (await apiGet<{ items: OrgRef[] }>(page, '/organizations/search?q=500154')).items.find(
    (h) => h.code === '500154',
  )!;
  const town = (await apiGet<{ items: OrgRef[] }>(page, `/organizations/${district.id}/children`)).items.find(
    (o) => (o.childCount ?? 0) > 0,
  )!;
  const village = (await apiGet<{ items: OrgRef[] }>(page, `/organizations/${town.id}/children`)).items.find(
    (o) => o.type === 'village_federation',
  )!;
  const csrf = (await page.context().cookies()).find((c) => c.name === 'jinguo_csrf')?.value ?? '';
  const res = await page.request.post('/api/v1/organizations', {
    headers: { 'x-csrf-token': csrf },
    data: { parentId: village.id, type: 'womens_group', name },
  });
  if (res.status() !== 201) throw new Error(`create group → ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

describe('reorganization', () => {
  it('renames a women’s group with a reason, shows it in the history, then dissolves it', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'city.cadre');
      const stamp = Date.now() % 100000;
      const id = await createGroup(page, `第${stamp}楼栋妇女小组`);
      await page.goto(`/orgs/${id}`);
      await page.getByTestId('org-detail-name').getByText(`第${stamp}楼栋妇女小组`).waitFor();

      await page.getByTestId('org-actions').click();
      await page.getByTestId('org-action-rename').click();
      const modal = page.getByTestId('reorg-modal');
      await modal.getByTestId('reorg-name').fill(`第${stamp}网格妇女小组`);
      await modal.getByTestId('reorg-reason').fill('网格调整后按网格重新命名');
      await modal.getByTestId('reorg-submit').click();
      await page.getByTestId('org-detail-name').getByText(`第${stamp}网格妇女小组`).waitFor();

      await page.getByTestId('org-tab-history').click();
      const history = page.getByTestId('org-history');
      await history.getByText('网格调整后按网格重新命名', { exact: false }).waitFor();
      expect(await history.textContent()).toContain(`第${stamp}楼栋妇女小组`);

      await page.getByTestId('org-actions').click();
      await page.getByTestId('org-action-dissolve').click();
      await modal.getByTestId('reorg-reason').fill('小组成员并入相邻网格');
      await modal.getByTestId('reorg-submit').click();
      await page.getByTestId('org-detail').getByText('已撤销').first().waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
