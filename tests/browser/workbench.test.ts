import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiGet, browserForFile, openPage, signIn, staffApiFor } from './helpers.js';
import { phoneNumber } from './people-helpers.js';

const browser = browserForFile();

// Every role lands on its own work (工作台), not on the organization tree: its cards follow its permissions and count
// what the demo holds. The expected figures are read here through the API with other filters than the card's own
// (the server's overdue filter, state filters), so a card that counts wrongly shows a different number.

const CARDS = [
  'demands',
  'tasks',
  'visits',
  'cases',
  'cases-due',
  'referrals',
  'role-grants',
  'audit',
  'notifications',
];
type Page1<T> = { items: T[]; nextCursor: string | null };

async function landsOnWorkbench(page: Page, username: string, cards: string[]): Promise<void> {
  await signIn(page, username);
  expect(new URL(page.url()).pathname).toBe('/workbench');
  await page.getByTestId('workbench').waitFor();
  // the menu's first entry is the workbench, and it is the one selected
  const first = page.getByTestId('side-menu').locator('li.ant-menu-item, li.ant-menu-submenu').first();
  expect(await first.getAttribute('data-testid')).toBe('menu-workbench');
  await page.locator('.ant-menu-item-selected[data-testid="menu-workbench"]').waitFor();
  for (const c of cards) await page.getByTestId(`wb-card-${c}`).waitFor();
  for (const c of CARDS.filter((x) => !cards.includes(x)))
    expect(await page.getByTestId(`wb-card-${c}`).count(), `card ${c}`).toBe(0);
  expect(await page.getByTestId('org-tree').count()).toBe(0);
}

/** The figure once its card has loaded. */
async function figure(page: Page, name: string): Promise<string> {
  const count = page.getByTestId(`wb-count-${name}`);
  await count.waitFor();
  return (await count.textContent()) ?? '';
}

const chinaDay = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

describe('the workbench of each role', () => {
  it('a village cadre: demands overdue, due today and to sign for, tasks to sign, the campaign under way', async () => {
    const { context, page } = await openPage(browser());
    try {
      await landsOnWorkbench(page, 'village.a', ['demands', 'tasks', 'visits', 'cases', 'cases-due', 'notifications']);

      type D = { overdue: boolean; feedbackDueAt: string };
      const overdue = await apiGet<Page1<D>>(page, '/demands?view=queue&overdue=true&limit=200');
      const received = await apiGet<Page1<D>>(page, '/demands?view=queue&state=received&limit=200');
      const queue = await apiGet<Page1<D>>(page, '/demands?view=queue&overdue=false&limit=200');
      const today = chinaDay(new Date().toISOString());
      const dueToday = queue.items.filter((d) => chinaDay(d.feedbackDueAt) === today).length;
      // the demo holds one demand past its deadline and several waiting to be signed for in 驷马社区
      expect(overdue.items.length).toBeGreaterThan(0);
      expect(received.items.length).toBeGreaterThan(0);
      expect(await figure(page, 'demands-overdue')).toBe(String(overdue.items.length));
      expect(await figure(page, 'demands-received')).toBe(String(received.items.length));
      expect(await figure(page, 'demands-due-today')).toBe(String(dueToday));

      const inbox = await apiGet<Page1<{ state: string }>>(page, '/tasks?box=inbox&state=pending&limit=200');
      expect(inbox.items.length).toBeGreaterThan(0);
      expect(await figure(page, 'tasks-to-sign')).toBe(String(inbox.items.length));

      const campaigns = await apiGet<{ items: { name: string; status: string; planned: number }[] }>(
        page,
        '/visits/campaigns?status=active',
      );
      expect(campaigns.items.length).toBeGreaterThan(0);
      expect(await figure(page, 'visits-campaigns')).toBe(String(campaigns.items.length));
      await page.getByTestId('wb-list-visits').getByText(campaigns.items[0]!.name).waitFor();

      const unread = await apiGet<{ unread: number }>(page, '/notifications/unread-count');
      expect(await figure(page, 'notifications-unread')).toBe(String(unread.unread));

      // the overdue figure leads to the queue filtered to overdue demands
      await page.getByTestId('wb-figure-demands-overdue').click();
      await page.waitForURL(/\/demands\?overdue=true$/);
      const rows = page.getByTestId('demands-table').locator('tr.ant-table-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(overdue.items.length);
      expect(await page.locator('.ant-checkbox-wrapper-checked').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a case worker: her open cases by risk, and the follow-up due this week', async () => {
    const { context, page } = await openPage(browser());
    try {
      await landsOnWorkbench(page, 'kaizhou.caseworker', ['cases', 'cases-due', 'notifications']);
      type C = { status: string; riskLevel: string | null; access: string };
      const mine = (await apiGet<Page1<C>>(page, '/cases?view=mine&limit=200')).items.filter(
        (c) => c.status !== 'closed' && c.access === 'full',
      );
      const at = (level: string | null) => String(mine.filter((c) => c.riskLevel === level).length);
      expect(Number(at('high'))).toBeGreaterThan(0); // the demo's high-risk domestic-violence case
      expect(await figure(page, 'cases-high')).toBe(at('high'));
      expect(await figure(page, 'cases-medium')).toBe(at('medium'));
      expect(await figure(page, 'cases-low')).toBe(at('low'));
      expect(await figure(page, 'cases-unassessed')).toBe(at(null));

      // the demo's follow-up of a stalking case, due in three days
      const due = await apiGet<{ followUps: { caseId: number; caseNo: string }[] }>(page, '/cases/due?days=7');
      expect(due.followUps.length).toBeGreaterThan(0);
      expect(await figure(page, 'follow-ups-due')).toBe(String(due.followUps.length));
      const first = due.followUps[0]!;
      await page.getByTestId('wb-list-cases-due').getByText(first.caseNo).click();
      await page.waitForURL(new RegExp(`/cases/${first.caseId}$`));
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a partner agency: the referrals waiting for her agency, and nothing else', async () => {
    const { context, page } = await openPage(browser());
    try {
      await landsOnWorkbench(page, 'kaizhou.legalaid', ['referrals', 'notifications']);
      const sent = await apiGet<{ items: unknown[] }>(page, '/referrals?status=sent');
      const accepted = await apiGet<{ items: { caseNo: string }[] }>(page, '/referrals?status=accepted');
      // legal aid accepted the demo's domestic-violence referral and has yet to answer it
      expect(accepted.items.length).toBeGreaterThan(0);
      expect(await figure(page, 'referrals-to-accept')).toBe(String(sent.items.length));
      expect(await figure(page, 'referrals-to-answer')).toBe(String(accepted.items.length));
      await page.getByTestId('wb-list-referrals').getByText(accepted.items[0]!.caseNo).waitFor();
      expect(await page.getByTestId('menu-orgs').count()).toBe(0);
      await page.getByTestId('wb-open-referrals').click();
      await page.getByTestId('referral-inbox').waitFor();
    } finally {
      await context.close();
    }
  }, 90_000);

  it('the auditor: the latest events of the trail, her own sign-in among them', async () => {
    const { context, page } = await openPage(browser());
    try {
      await landsOnWorkbench(page, 'auditor', ['audit', 'notifications']);
      const list = page.getByTestId('wb-list-audit');
      await list.getByText('登录系统').first().waitFor();
      const events = await apiGet<Page1<{ id: number; action: string; actorName: string | null }>>(
        page,
        '/audit/events?actor=auditor&action=auth.login&limit=1',
      );
      const mine = events.items[0]!;
      await list.getByTestId(`wb-audit-${mine.id}`).waitFor();
      await page.getByTestId('wb-open-audit').click();
      await page.waitForURL(/\/audit$/);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('the security officer: role grants waiting for her, the one the admin just asked for among them', async () => {
    const admin = await staffApiFor(browser(), 'admin');
    const username = `wb.${Date.now().toString(36)}`;
    try {
      const me = await admin.get('/auth/me');
      await admin.post('/users', {
        username,
        displayName: '工作台测试用户',
        homeOrgId: me.homeOrg.id,
        roles: ['case_worker'],
        phone: phoneNumber(),
      });
    } finally {
      await admin.ctx.close();
    }
    const { context, page } = await openPage(browser());
    try {
      await landsOnWorkbench(page, 'security', ['role-grants', 'notifications']);
      const pending = await apiGet<Page1<unknown>>(page, '/role-grants?status=pending&limit=200');
      expect(pending.items.length).toBeGreaterThan(0);
      expect(await figure(page, 'grants-pending')).toBe(String(pending.items.length));
      await page.getByTestId('wb-list-grants').getByText(username).waitFor();
    } finally {
      await context.close();
    }
  }, 90_000);
});
