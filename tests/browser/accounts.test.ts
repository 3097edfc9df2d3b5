import { describe, expect, it } from 'vitest';
import { browserForFile, chooseOption, openPage, signIn } from './helpers.js';

const browser = browserForFile();

describe('accounts', () => {
  it('admin creates a user, who must change the one-time password before anything else', async () => {
    const username = `web.${Date.now().toString(36)}`;
    let oneTimePassword = '';
    const admin = await openPage(browser());
    try {
      await signIn(admin.page, 'admin');
      const page = admin.page;
      await page.getByTestId('menu-users').click();
      await page.getByTestId('create-user-button').click();
      const drawer = page.getByTestId('create-user-drawer');
      await drawer.getByTestId('user-username').fill(username);
      await drawer.getByTestId('user-display-name').fill('浏览器测试用户');
      // The first search of a fresh server can be slow (cold database): allow it more time.
      await chooseOption(page, drawer.getByTestId('user-home-org'), '开州区妇联', { type: '500154', timeout: 30_000 });
      await chooseOption(page, drawer.getByTestId('role-select'), '妇联干部');
      await page.keyboard.press('Escape');
      await drawer.waitFor(); // Escape closed the role list, not the drawer
      await drawer.getByTestId('create-user-submit').click();

      const otp = page.getByTestId('otp-value');
      await otp.waitFor();
      oneTimePassword = (await otp.textContent())?.trim() ?? '';
      expect(oneTimePassword.length).toBeGreaterThanOrEqual(8);
      await page.getByTestId('otp-modal').getByRole('button').filter({ hasText: /记下/ }).click();
      await page.getByTestId('users-table').getByText(username).waitFor();
    } finally {
      await admin.context.close();
    }

    const user = await openPage(browser());
    try {
      const page = user.page;
      await page.goto('/login');
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(oneTimePassword);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(/\/change-password$/);

      // Going elsewhere leads back to the forced change.
      await page.goto('/orgs');
      await page.waitForURL(/\/change-password$/);

      const newPassword = `Kz!${Date.now().toString(36)}x9`;
      await page.getByTestId('current-password').fill(oneTimePassword);
      await page.getByTestId('new-password').fill('weak');
      await page.getByTestId('confirm-password').fill('weak');
      await page.getByTestId('change-password-submit').click();
      await page.getByText('长度不足').waitFor(); // the rules are checked before the server is asked

      await page.getByTestId('new-password').fill(newPassword);
      await page.getByTestId('confirm-password').fill(newPassword);
      await page.getByTestId('change-password-submit').click();
      await page.getByTestId('side-menu').waitFor();
      await page.waitForURL(/\/orgs\/\d+$/);
    } finally {
      await user.context.close();
    }
  }, 90_000);

  it('shows the server’s message for wrong credentials', async () => {
    const { context, page } = await openPage(browser());
    try {
      await page.goto('/login');
      // An unknown name: failures on a real account would count towards its lockout.
      await page.getByTestId('login-username').fill('no.such.user');
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      expect(await page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    } finally {
      await context.close();
    }
  }, 30_000);
});
