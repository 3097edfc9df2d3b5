import { describe, expect, it } from 'vitest';
import { browserForFile, homeOrg, OPEN_DROPDOWN, openPage } from './helpers.js';
import { createPerson, signInAndSettle } from './people-helpers.js';

const browser = browserForFile();

// Issue 15 item 2: a place typed so that it names nothing is listed for the cadre, who picks it from the cascader.
describe('migrant women matched on places', () => {
  it('village.a finds a woman under 地点待核对, picks 浦东新区 and she is served by 开州区(上海)流动妇工委', async () => {
    const { page, context } = await openPage(browser());
    try {
      await signInAndSettle(page, 'village.a');
      const org = await homeOrg(page);
      const name = `沿海${Date.now().toString(36).slice(-4)}`;
      const { id } = await createPerson(page, { orgId: org.id, name });
      const csrf = (await page.context().cookies()).find((c) => c.name === 'jinguo_csrf')?.value ?? '';
      const put = await page.request.put(`/api/v1/people/${id}/migrant-profile`, {
        headers: { 'x-csrf-token': csrf },
        data: { currentPlaceText: '沿海城市', skills: [] },
      });
      expect(put.status()).toBe(200);

      await page.goto('/people/migrants');
      await page.getByTestId('migrants-unmatched-toggle').getByText('地点待核对').click();
      const row = page.getByTestId('migrants-table').locator('tr.ant-table-row', { hasText: name });
      await row.waitFor();
      expect(await row.textContent()).toContain('现在地点无法识别');
      await row.getByRole('link', { name }).click();

      await page.getByRole('tab', { name: '在外务工' }).click();
      await page.getByTestId('migrant-edit-button').click();
      const drawer = page.getByTestId('migrant-drawer');
      await drawer.getByTestId('migrant-place-issue').waitFor();
      expect(await drawer.getByTestId('migrant-place-issue').textContent()).toContain('沿海城市');
      // as chooseOption does for a Select: click the option once the dropdown has finished opening, then see it chosen
      const cascader = drawer.getByTestId('migrant-place');
      await cascader.click();
      await page.keyboard.type('浦东新区');
      await page.locator(`${OPEN_DROPDOWN} .ant-cascader-menu-item`, { hasText: '浦东新区' }).first().click();
      await expect.poll(() => cascader.textContent()).toContain('浦东新区');
      await drawer.getByTestId('migrant-submit').click();

      const profile = page.getByTestId('migrant-profile');
      await expect.poll(() => profile.getByTestId('migrant-place-text').textContent()).toBe('上海市 浦东新区');
      expect(await profile.textContent()).toContain('开州区(上海)流动妇工委');
    } finally {
      await context.close();
    }
  });
});
