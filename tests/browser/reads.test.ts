import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BASE_URL, apiGet, browserForFile, chooseOption, openPage, signIn } from './helpers.js';

/** What read badly (issue 15, item 8): codes for words, placeholders for numbers, logins for names, cut-off text. */
const browser = browserForFile();

async function signedIn<T>(username: string, fn: (page: Page) => Promise<T>, options = {}): Promise<T> {
  const { context, page } = await openPage(browser(), options);
  try {
    await signIn(page, username);
    return await fn(page);
  } finally {
    await context.close();
  }
}

const lastCrumb = (page: Page) => page.getByTestId('breadcrumbs').locator('li').last();

describe('what reads badly', () => {
  it('the audit log says what happened in words and names the target, the codes kept in grey', async () => {
    // A sign-in to find: kaizhou.cadre's, whose target is her own account.
    await signedIn('kaizhou.cadre', async () => {});
    await signedIn('auditor', async (page) => {
      await page.goto('/audit');
      await page.getByTestId('audit-filter-action').fill('auth.login');
      await page.getByTestId('audit-filter-actor').fill('kaizhou.cadre');
      await page.getByTestId('audit-apply').click();
      const row = page.getByTestId('audit-table').locator('tr.ant-table-row', { hasText: 'auth.login' }).first();
      await row.waitFor();
      const id = await row.getAttribute('data-row-key');
      expect(await page.getByTestId(`audit-action-${id}`).textContent()).toBe('登录系统auth.login');
      const target = await page.getByTestId(`audit-target-${id}`).textContent();
      expect(target).toMatch(/^用户 开州区妇联 陈部长user #\d+$/);
      // Her own searches, just audited: the actor by her name.
      await page.getByTestId('audit-filter-action').fill('audit.search');
      await page.getByTestId('audit-filter-actor').fill('auditor');
      await page.getByTestId('audit-apply').click();
      const search = page.getByTestId('audit-table').locator('tr.ant-table-row', { hasText: 'audit.search' }).first();
      await search.waitFor();
      const sid = await search.getAttribute('data-row-key');
      expect(await page.getByTestId(`audit-actor-${sid}`).textContent()).toBe('审计管理员auditor');
      expect(await page.getByTestId(`audit-action-${sid}`).textContent()).toBe('查询审计日志audit.search');
    });
  });

  it('a demand page and a case page end their breadcrumbs in the record’s number; the case names its workers', async () => {
    await signedIn('kaizhou.caseworker', async (page) => {
      const cases = await apiGet<{ items: { id: number; caseNo: string; access: string }[] }>(page, '/cases?view=mine');
      const c = cases.items.find((x) => x.access === 'full')!;
      await page.goto(`/cases/${c.id}`);
      await page.getByTestId('case-events').waitFor();
      await expect.poll(() => lastCrumb(page).textContent()).toBe(c.caseNo);
      const events = await page.getByTestId('case-events').textContent();
      expect(events).toContain('开州区妇联 维权专员');
      expect(events).not.toContain('kaizhou.caseworker');
    });
    await signedIn('kaizhou.cadre', async (page) => {
      const demands = await apiGet<{ items: { id: number; code: string }[] }>(page, '/demands?view=all&limit=5');
      const d = demands.items[0]!;
      await page.goto(`/demands/${d.id}`);
      await expect.poll(() => lastCrumb(page).textContent()).toBe(d.code);
    });
  });

  it('the demand queue fits a 1440 px screen without scrolling sideways', async () => {
    await signedIn('kaizhou.cadre', async (page) => {
      await page.goto('/demands?view=all');
      const table = page.getByTestId('demands-table');
      await table.locator('tr.ant-table-row').first().waitFor();
      const widths = await table.evaluate((el) => {
        const box = el.querySelector('.ant-table-content, .ant-table-body')!;
        return { scroll: box.scrollWidth, client: box.clientWidth, page: document.documentElement.scrollWidth };
      });
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      expect(widths.page).toBeLessThanOrEqual(1440);
    });
  });

  it('五项机制 by children leads with the district’s own row (本级)', async () => {
    await signedIn('kaizhou.supervisor', async (page) => {
      await page.goto('/case-figures');
      const first = page.getByTestId('case-figures').locator('tr.ant-table-row').first();
      await first.waitFor();
      expect(await first.locator('td').first().textContent()).toBe('开州区妇联（本级）');
    });
  });

  it('on a phone, the tracking page titles a rights request once and in full', async () => {
    const context = await browser().newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(45_000);
    try {
      await page.goto('/h5/help');
      await chooseOption(page, page.getByTestId('place-district'), '开州区', { type: '开州' });
      await chooseOption(page, page.getByTestId('place-town'), '汉丰街道', { type: '汉丰' });
      await chooseOption(page, page.getByTestId('place-village'), '驷马社区', { type: '驷马' });
      const description = `丈夫长期酗酒后打骂我和孩子，昨晚又动手了，我不敢回家 ${Date.now().toString(36)}`;
      await page.getByTestId('portal-help-description').fill(description);
      await page.getByTestId('portal-help-submit').click();
      const code = (await page.getByTestId('portal-tracking-code').textContent())!.trim();
      await page.goto(`/h5/track?code=${encodeURIComponent(code)}`);
      const title = page.getByTestId('portal-request-title');
      await title.waitFor();
      const text = (await title.textContent())!;
      expect(text.startsWith('维权求助：丈夫长期酗酒后打骂我和孩子')).toBe(true);
      expect(text).not.toContain('求助求助');
      // Wholly on the screen and not cut: no ellipsis, nothing hidden to the right.
      const fit = await title.evaluate((el) => {
        const head = el.closest('.ant-card-head-title') as HTMLElement;
        const r = el.getBoundingClientRect();
        return { right: r.right, width: window.innerWidth, hidden: head.scrollWidth - head.clientWidth };
      });
      expect(fit.right).toBeLessThanOrEqual(fit.width);
      expect(fit.hidden).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
