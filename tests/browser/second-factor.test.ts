// The second factor and my sessions in the browser (issue 16, docs/decisions/0015). The demo server asks the code only
// of users who enrolled: this counsellor (no other browser test signs in as her) enrols on her account page.
import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();
const codeAt = (secret: string, offsetMs: number) =>
  new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + offsetMs });

describe('second factor and sessions', () => {
  it('enrols an authenticator, is asked its code at the next sign-in, and signs another browser out', async () => {
    const first = await openPage(browser());
    const second = await openPage(browser());
    try {
      const page = first.page;
      await signIn(page, 'hanfeng.counsellor');
      await page.goto('/account');
      const card = page.getByTestId('my-second-factor');
      await card.getByTestId('second-factor-start').click();
      const secret = (await card.getByTestId('second-factor-secret').textContent())!.trim();
      await card.getByTestId('second-factor-code').fill(codeAt(secret, 0));
      await card.getByTestId('second-factor-submit').click();
      const codes = (await card.getByTestId('recovery-codes').textContent())!.trim().split('\n');
      expect(codes).toHaveLength(10);
      await card.getByTestId('recovery-codes-continue').click();

      // another browser: the password is not enough any more
      const other = second.page;
      await other.goto('/login');
      await other.getByTestId('login-username').fill('hanfeng.counsellor');
      await other.getByTestId('login-password').fill('Jinguo@2026');
      await other.getByTestId('login-submit').click();
      await other.getByTestId('second-factor-page').waitFor();
      await other.goto('/cases');
      await other.getByTestId('second-factor-page').waitFor(); // nothing else opens
      await other.getByTestId('second-factor-code').fill(codeAt(secret, 30_000));
      await other.getByTestId('second-factor-submit').click();
      await other.getByTestId('side-menu').waitFor();

      // the first browser lists both sessions and signs the other one out
      await page.reload();
      const sessions = page.getByTestId('my-sessions');
      await expect.poll(() => sessions.locator('tbody tr').count()).toBe(2);
      await sessions.getByTestId('revoke-session').click();
      await page.locator('.ant-popconfirm').getByRole('button').last().click();
      await expect.poll(() => sessions.locator('tbody tr').count()).toBe(1);
      await other.goto('/account');
      await other.getByTestId('login-card').waitFor();
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });
});
