import { describe, expect, it } from 'vitest';
import { browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();

const schedule2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（演示）',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-04-05', name: '清明节' },
    { date: '2027-05-01', name: '劳动节' },
    { date: '2027-06-09', name: '端午节' },
    { date: '2027-09-15', name: '中秋节' },
    { date: '2027-10-01', name: '国庆节' },
  ],
  workdays: [{ date: '2027-09-26', name: '国庆节补班' }],
};

describe('working-day calendar', () => {
  it("the system admin loads next year's schedule; a wrong one is refused with the reason; cadres only read", async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'admin');
      await page.getByTestId('menu-calendar').click();
      await page.getByTestId('calendar-years').getByText('2026').first().waitFor();
      await page.getByTestId('calendar-load').click();
      const modal = page.getByTestId('calendar-load-modal');
      // A make-up workday on a weekday is refused by the server with the reason.
      await modal
        .getByTestId('calendar-json')
        .fill(JSON.stringify({ ...schedule2027, workdays: [{ date: '2027-09-28', name: '补班' }] }));
      await page.getByTestId('calendar-load-submit').click();
      await modal.getByTestId('calendar-problem').getByText('不是周末').waitFor();
      await modal.getByTestId('calendar-json').fill(JSON.stringify(schedule2027));
      await page.getByTestId('calendar-load-submit').click();
      const row = page.getByTestId('calendar-years').locator('tr', { hasText: '2027' });
      await row.getByText('管理员导入').waitFor();
      await row.click();
      await page.getByTestId('calendar-days').getByText('国庆节补班').waitFor();
      // The development SMS channel is the admin's, and says what it is.
      await page.getByTestId('menu-dev-outbox').click();
      await page.getByTestId('dev-outbox-banner').waitFor();
    } finally {
      await context.close();
    }

    const cadre = await openPage(browser());
    try {
      await signIn(cadre.page, 'hanfeng.cadre');
      await cadre.page.getByTestId('menu-calendar').click();
      await cadre.page.getByTestId('calendar-years').locator('tr', { hasText: '管理员导入' }).waitFor();
      expect(await cadre.page.getByTestId('calendar-load').count()).toBe(0);
      expect(await cadre.page.getByTestId('menu-dev-outbox').count()).toBe(0);
      await cadre.page.getByTestId('notification-bell').click();
      await cadre.page.getByTestId('notification-drawer').waitFor();
    } finally {
      await cadre.context.close();
    }
  }, 90_000);
});
