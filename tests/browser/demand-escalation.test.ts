import { describe, it } from 'vitest';
import { BASE_URL, browserForFile, chooseOption, clickInDialog, signIn } from './helpers.js';

const browser = browserForFile();

describe('督办: a demand left overdue escalates to the town', () => {
  it('the community enters a call sheet taken 9 working days ago; nobody answers; it escalates to 汉丰街道, which urges', async () => {
    const title = `无人答复的来电 ${Date.now().toString(36)}`;
    const context = await browser().newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(45_000); // a loaded shared machine can take long to serve the app's first load
    let demandId = 0;
    try {
      await signIn(page, 'village.a');
      await page.goto('/demands');
      await page.getByTestId('demand-create').click();
      const form = page.getByTestId('demand-create-form');
      await chooseOption(page, page.getByTestId('demand-category'), '困难帮扶');
      await page.getByTestId('demand-title').fill(title);
      await page.getByTestId('demand-description').fill('来电人反映家中困难，希望妇联帮助');
      await page.getByTestId('demand-source-ref').fill('12338-TEST');
      // Nine working days ago by the server's own calendar (holidays and make-up days counted): the feedback deadline
      // (the end of the 7th working day) is past, the second escalation (7 working days later) still ahead.
      const chinaDay = (daysBack: number) =>
        new Date(Date.now() + 8 * 3_600_000 - daysBack * 86_400_000).toISOString().slice(0, 10);
      const calendar = await page.request.get(`/api/v1/calendar/days?from=${chinaDay(40)}&to=${chinaDay(0)}`);
      if (!calendar.ok()) throw new Error(`the calendar did not answer: ${calendar.status()}`);
      const days = ((await calendar.json()) as { items: { date: string; workday: boolean }[] }).items;
      const receivedOn = days.filter((d) => d.workday && d.date < chinaDay(0)).at(-9)!.date;
      await page.getByTestId('demand-received-at').click();
      await page.keyboard.type(`${receivedOn} 09:30`);
      await page.keyboard.press('Enter');
      await form.click({ position: { x: 5, y: 5 } });
      // the picker must hold the typed time before the form is sent, or the call would be received "now"
      await page.waitForFunction(
        (v) => (document.querySelector('[data-testid="demand-received-at"]') as HTMLInputElement | null)?.value === v,
        `${receivedOn} 09:30`,
      );
      // wait for the answer to the submission itself, then for the page it leads to (a form that refuses to send shows
      // its error in the flight recorder's report)
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/demands'),
        page.getByTestId('demand-create-submit').click(),
      ]);
      if (created.status() !== 201)
        throw new Error(`the call sheet was refused: ${created.status()} ${await created.text()}`);
      demandId = ((await created.json()) as { id: number }).id;
      await page.waitForFunction((path) => location.pathname === path, `/demands/${demandId}`);
      await page.getByTestId('demand-feedback-due').getByText('已超期').waitFor();
    } finally {
      await context.close();
    }

    // the town cadre sees it in her supervision queue once the sweeper (a background job) has escalated it
    const townContext = await browser().newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
      timezoneId: 'Asia/Shanghai',
    });
    const town = await townContext.newPage();
    town.setDefaultTimeout(15_000);
    town.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(town, 'hanfeng.cadre');
      // the sweeper runs every few seconds in the test server: wait for it through the API, then open the queue once
      const deadline = Date.now() + 90_000;
      for (;;) {
        const res = await town.request.get('/api/v1/demands?view=supervised&limit=200');
        const items = res.ok() ? ((await res.json()) as { items: { id: number }[] }).items : [];
        if (items.some((d) => d.id === demandId)) break;
        if (Date.now() > deadline) throw new Error("the overdue demand never reached the town's supervision queue");
        await town.waitForTimeout(1000);
      }
      await town.goto('/demands?view=supervised', { timeout: 30_000 });
      await town.getByTestId(`demand-link-${demandId}`).click();
      await town.getByTestId('demand-escalated').getByText('汉丰街道').waitFor();
      await town
        .getByTestId('demand-history')
        .locator('[data-action="escalate"]')
        .getByText('system:demands-sweeper')
        .waitFor();
      await town.getByTestId('demand-action-urge').click();
      await town.getByTestId('demand-note').fill('请今日内联系来电人并答复');
      await clickInDialog(town, 'demand-action-submit');
      await town.getByTestId('demand-action-form').waitFor({ state: 'detached' });
      await town
        .getByTestId('demand-history')
        .locator('[data-action="urge"]')
        .getByText('请今日内联系来电人并答复')
        .waitFor();
    } finally {
      await townContext.close();
    }
  }, 120_000);
});
