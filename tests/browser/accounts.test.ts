import { describe, expect, it } from 'vitest';
import { browserForFile, chooseOption, openPage, signIn, smsSentTo } from './helpers.js';

const browser = browserForFile();

describe('accounts', () => {
  it('admin creates a cadre: the password goes to her phone only; the role waits for the security officer', async () => {
    const username = `web.${Date.now().toString(36)}`;
    const phone = `139${String(Date.now()).slice(-8)}`;
    const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
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
      await drawer.getByTestId('user-phone').fill(phone);
      await drawer.getByTestId('create-user-submit').click();

      // The admin is told where the password went, never what it is; the cadre role waits for approval.
      const sent = page.getByTestId('password-sent-modal');
      await sent.getByTestId('password-sent-to').waitFor();
      expect(await sent.getByTestId('password-sent-to').textContent()).toContain(masked);
      await sent.getByTestId('pending-roles-note').waitFor();
      const oneTimePassword = (await smsSentTo(masked, /一次性密码是 (\S{16})，/))[1]!;
      expect(await page.content()).not.toContain(oneTimePassword);
      await sent
        .getByRole('button')
        .filter({ hasText: /知道了/ })
        .click();
      await page.getByTestId('users-table').getByText(username).waitFor();
      const row = page.getByTestId('users-table').locator('tr').filter({ hasText: username });
      await row.getByTestId('pending-role').waitFor();

      // Her phone has the password: she signs in and must set her own before anything else.
      const user = await openPage(browser());
      try {
        const p = user.page;
        await p.goto('/login');
        await p.getByTestId('login-username').fill(username);
        await p.getByTestId('login-password').fill(oneTimePassword);
        await p.getByTestId('login-submit').click();
        await p.waitForURL(/\/change-password$/);
        await p.goto('/orgs'); // going elsewhere leads back to the forced change
        await p.waitForURL(/\/change-password$/);
        const newPassword = `Kz!${Date.now().toString(36)}x9`;
        await p.getByTestId('current-password').fill(oneTimePassword);
        await p.getByTestId('new-password').fill('weak');
        await p.getByTestId('confirm-password').fill('weak');
        await p.getByTestId('change-password-submit').click();
        await p.getByText('长度不足').waitFor(); // the rules are checked before the server is asked
        await p.getByTestId('new-password').fill(newPassword);
        await p.getByTestId('confirm-password').fill(newPassword);
        await p.getByTestId('change-password-submit').click();
        await p.getByTestId('side-menu').waitFor();
        // No registry before the security officer approves.
        expect((await p.request.get('/api/v1/people')).status()).toBe(403);

        // The security officer approves in her queue (授权审批).
        const security = await openPage(browser());
        try {
          await signIn(security.page, 'security');
          const s = security.page;
          await s.getByTestId('menu-role-grants').click();
          const grant = s.getByTestId('grants-table').locator('tr').filter({ hasText: username });
          await grant.waitFor();
          expect(await grant.textContent()).toContain(masked);
          await grant.getByTestId(`approve-${username}`).click();
          await s
            .locator('.ant-popconfirm')
            .getByRole('button')
            .filter({ hasText: /确\s*定|OK/ })
            .click();
          await grant.waitFor({ state: 'detached' });
        } finally {
          await security.context.close();
        }

        // Signed in again, she reads the registry of her subtree.
        await signIn(p, username, newPassword);
        expect((await p.request.get('/api/v1/people')).status()).toBe(200);
      } finally {
        await user.context.close();
      }
    } finally {
      await admin.context.close();
    }
  }, 120_000);

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
