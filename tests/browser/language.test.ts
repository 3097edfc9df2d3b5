import { describe, expect, it } from 'vitest';
import { browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();

describe('language switch', () => {
  it('turns the menu English and back', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'admin');
      const menu = page.getByTestId('side-menu');
      await menu.getByText('组织架构', { exact: true }).waitFor();
      expect(await menu.textContent()).toContain('用户管理');

      await page.getByTestId('lang-switch').click();
      await menu.getByText('Org structure', { exact: true }).waitFor();
      const english = await menu.textContent();
      expect(english).toContain('Organizations');
      expect(english).toContain('Users');
      expect(english).toContain('My account');
      expect(english).not.toContain('用户管理');

      // The choice survives a reload.
      await page.reload();
      await page.getByTestId('side-menu').getByText('Organizations', { exact: true }).waitFor();

      await page.getByTestId('lang-switch').click();
      await page.getByTestId('side-menu').getByText('组织', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
