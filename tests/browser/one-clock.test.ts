import { describe, expect, it } from 'vitest';
import { apiGet, browserForFile, homeOrg, openPage, signIn } from './helpers.js';

const browser = browserForFile();

/** An instant in Beijing time, worked out here by hand (UTC+8), in the platform's one format. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
/** The same instant on New York's clock, which the pages must never show. */
const newYork = (iso: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

describe('one clock: a browser in New York shows Beijing time', () => {
  it('a demand in the queue and on its page, the case made from it, and a hotline call sheet', async () => {
    const { context, page } = await openPage(browser(), { timezoneId: 'America/New_York' });
    page.setDefaultNavigationTimeout(45_000);
    try {
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
      await signIn(page, 'village.a');
      const village = await homeOrg(page);
      const help = await page.request.post('/api/v1/portal/help', {
        data: {
          orgId: village.id,
          category: 'rights',
          urgency: 'urgent',
          description: '婆婆和丈夫一起打我，我想离开但没有地方去',
          anonymous: true,
          contactPhone: '13766661234',
        },
      });
      expect(help.status()).toBe(201);
      const demandId = ((await help.json()) as { demand: { id: number } }).demand.id;
      const demand = await apiGet<{ receivedAt: string }>(page, `/demands/${demandId}`);

      // the queue and the demand's page
      await page.goto('/demands');
      const row = page.locator('tr').filter({ has: page.getByTestId(`demand-link-${demandId}`) });
      await row.getByText(beijing(demand.receivedAt)).waitFor();
      await page.goto(`/demands/${demandId}`);
      const detail = page.getByTestId('demand-detail');
      await detail.getByText(beijing(demand.receivedAt)).first().waitFor();
      expect(await detail.textContent()).not.toContain(newYork(demand.receivedAt));

      // the case made from it
      await page.getByTestId('demand-action-convert_to_case').click();
      await page.getByTestId('convert-case-narrative').waitFor();
      await page.getByTestId('convert-indicator-strangulation').click();
      await page.getByTestId('convert-case-submit').click();
      await page.getByTestId('case-page').waitFor();
      const caseId = Number(await page.getByTestId('case-page').getAttribute('data-case-id'));
      const opened = (await apiGet<{ openedAt: string }>(page, `/cases/${caseId}`)).openedAt;
      const overview = page.getByTestId('case-overview');
      await overview.getByText(beijing(opened)).first().waitFor();
      expect(await overview.textContent()).not.toContain(newYork(opened));
    } finally {
      await context.close();
    }

    // The hotline call sheet: the call time the form proposes is now on the federation's clock, sent as such.
    const worker = await openPage(browser(), { timezoneId: 'America/New_York' });
    try {
      await signIn(worker.page, 'kaizhou.caseworker');
      await worker.page.getByTestId('menu-case-intake').click();
      await worker.page.getByTestId('intake-narrative').fill('来电：丈夫多次推搡，当事人暂住朋友家');
      await worker.page.getByTestId('intake-anonymous').click();
      await worker.page.getByTestId('intake-submit').click();
      await worker.page.getByTestId('case-page').waitFor();
      const caseId = Number(await worker.page.getByTestId('case-page').getAttribute('data-case-id'));
      const view = await apiGet<{ intake: { hotline: { calledAt: string } } }>(worker.page, `/cases/${caseId}`);
      const calledAt = view.intake.hotline.calledAt;
      // read as New York time, the form's "now" would be 13 hours in the future
      expect(Math.abs(Date.parse(calledAt) - Date.now())).toBeLessThan(5 * 60_000);
      const overview = worker.page.getByTestId('case-overview');
      await overview.getByText(beijing(calledAt)).first().waitFor();
      expect(await overview.textContent()).not.toContain(newYork(calledAt));
    } finally {
      await worker.context.close();
    }
  }, 120_000);
});
