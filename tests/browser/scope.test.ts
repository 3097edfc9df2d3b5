import { describe, expect, it } from 'vitest';
import { apiGet, homeOrg, browserForFile, openPage, signIn, type OrgRef } from './helpers.js';

const browser = browserForFile();

describe('scope (village cadre)', () => {
  it('shows another village as not found, and a tree of her own village only', async () => {
    // Learn village B's org id from its own cadre.
    const other = await openPage(browser());
    let villageB: OrgRef;
    try {
      await signIn(other.page, 'village.b');
      villageB = await homeOrg(other.page);
    } finally {
      await other.context.close();
    }

    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'village.a');
      const villageA = await homeOrg(page);
      expect(villageA.id).not.toBe(villageB.id);

      await page.goto(`/orgs/${villageB.id}`);
      await page.getByText('组织不存在或不在您的管辖范围内').waitFor();
      expect(await page.getByTestId('org-not-found').textContent()).toBe('组织不存在或不在您的管辖范围内');

      // The tree's only root is her village; whatever else is shown is below it.
      const tree = page.getByTestId('org-tree');
      await tree.locator(`[data-org-id="${villageA.id}"]`).waitFor();
      const children = (await apiGet<{ items: OrgRef[] }>(page, `/organizations/${villageA.id}/children`)).items;
      const allowed = new Set([villageA.id, ...children.map((c) => c.id)]);
      const shown = await tree
        .locator('[data-org-id]')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-org-id'))));
      expect(shown[0]).toBe(villageA.id);
      expect(shown.every((id) => allowed.has(id))).toBe(true);
      expect(shown).not.toContain(villageB.id);
    } finally {
      await context.close();
    }
  }, 60_000);
});
