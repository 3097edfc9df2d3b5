import { describe, expect, it } from 'vitest';
import { BASE_URL, browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();

describe('activities', () => {
  it('a cadre plans a lecture and shows its QR code; a resident checks in on her phone; the count rises live', async () => {
    const title = `家庭教育讲座 ${Date.now().toString(36)}`;
    const { context, page } = await openPage(browser());
    page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(page, 'village.a');
      await page.goto('/activities');
      await page.getByTestId('activity-plan').click();
      // the form starts half an hour from now, 90 minutes long, organised by the acting org: what and where remain
      await page.getByTestId('activity-title').fill(title);
      await page.getByTestId('activity-address').fill('驷马社区党群服务中心二楼');
      await page.getByTestId('activity-submit').click();
      await page.waitForURL(/\/activities\/\d+$/);
      await page.getByTestId('activity-heading').getByText(title).waitFor();
      await page.getByTestId('activity-open').click();
      await page.locator('[data-testid="live-count"][data-count="0"]').waitFor();
      // a real QR image and the link it encodes
      const qr = page.getByTestId('activity-qr');
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      const link = (await page.getByTestId('activity-checkin-link').getAttribute('href'))!;
      expect(link).toMatch(/\/h5\/checkin\/\d+\?t=/);

      // on a phone: a walk-in gives her name and phone
      const phone = await browser().newContext({
        baseURL: BASE_URL,
        locale: 'zh-CN',
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        timezoneId: 'Asia/Shanghai',
      });
      try {
        const p = await phone.newPage();
        p.setDefaultTimeout(15_000);
        p.setDefaultNavigationTimeout(45_000);
        await p.goto(new URL(link).pathname + new URL(link).search);
        await p.getByText(title).first().waitFor();
        await p.getByTestId('portal-walkin-name').fill('谭小燕');
        await p
          .getByTestId('portal-walkin-phone')
          .fill(`136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
        await p.getByTestId('portal-checkin').click();
        await p.getByTestId('portal-checked-in').getByText('签到成功').waitFor();
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      } finally {
        await phone.close();
      }

      // the organiser's page polls: the count rises and she is in the list; the lecture is now held
      await page.locator('[data-testid="live-count"][data-count="1"]').waitFor({ timeout: 15_000 });
      await page.getByTestId('live-table').getByText('谭小燕').waitFor();
      await page.getByTestId('activity-status').getByText('已举办').waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  }, 120_000);
});
