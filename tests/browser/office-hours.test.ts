import { describe, expect, it } from 'vitest';
import { browserForFile, homeOrg, openPage, signIn } from './helpers.js';

const browser = browserForFile();

describe('office hours and the language of the API', () => {
  it('a community sets its own office hours and goes back to the default; the API is asked in the UI language', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'village.b');
      const org = await homeOrg(page);
      await page.goto(`/orgs/${org.id}`);
      const shown = page.getByTestId('org-office-hours');
      await shown.getByText('09:00–12:00、14:00–17:30（默认）').waitFor();

      // its own hours: open at 08:30 instead of 09:00
      await page.getByTestId('org-edit-button').click();
      const drawer = page.getByTestId('org-edit-drawer');
      await drawer.getByTestId('org-office-hours-own').click();
      const from = drawer.getByTestId('org-office-hours-period').first().locator('input').first();
      await from.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('08:30');
      await page.keyboard.press('Enter');
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/organizations/${org.id}`)),
        drawer.getByTestId('org-edit-submit').click(),
      ]);
      expect(saved.status(), await saved.text()).toBe(200);
      await shown.getByText('08:30–12:00、14:00–17:30').waitFor();
      await shown.getByText('本组织设定').waitFor();

      // back to the hours of the org above (none set them: the default)
      await page.getByTestId('org-edit-button').click();
      await drawer.getByTestId('org-office-hours-own').click();
      await drawer.getByTestId('org-edit-submit').click();
      await shown.getByText('09:00–12:00、14:00–17:30（默认）').waitFor();

      // the API client asks for Chinese, then English once the reader switches
      const asked = async () =>
        (
          await Promise.all([
            page.waitForRequest((r) => new URL(r.url()).pathname.startsWith('/api/v1/')),
            page.reload(),
          ])
        )[0].headers()['accept-language'];
      expect(await asked()).toBe('zh-CN');
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('side-menu').getByText('Organizations', { exact: true }).waitFor();
      expect(await asked()).toBe('en-US');
      await shown.getByText('09:00–12:00, 14:00–17:30 (default)').waitFor();
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('side-menu').getByText('组织', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a demand says how its deadlines are counted', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'village.a');
      await page.goto('/demands');
      await page.getByTestId('demands-table').getByText('产后情绪低落求助').click();
      await page
        .getByTestId('demand-deadline-clock')
        .getByText('按工作日办公时间计：09:00–12:00、14:00–17:30')
        .waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
