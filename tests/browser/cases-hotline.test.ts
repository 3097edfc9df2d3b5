import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForFile, chooseOption, openPage, signIn } from './helpers.js';

const browser = browserForFile();

async function pickOption(page: Page, testId: string, text: string) {
  await chooseOption(page, page.getByTestId(testId), text);
}
async function transition(page: Page, name: string, fill?: (page: Page) => Promise<void>) {
  await page.getByTestId(`case-transition-${name}`).click();
  if (fill) await fill(page);
  await page.getByTestId(`case-transition-${name}-ok`).click();
  await page.getByTestId(`case-transition-${name}-ok`).waitFor({ state: 'hidden' });
}

describe('rights protection: a 12338 call from intake to follow-up', () => {
  it('becomes a high-risk case, alerts the supervisor, is answered by the police, gets a protection order, closes with follow-ups', async () => {
    const worker = await openPage(browser());
    const { page } = worker;
    let caseNo = '';
    let casePath = '';
    try {
      // The hotline call sheet: anonymous caller, call-back number, the risk checklist.
      await signIn(page, 'kaizhou.caseworker');
      await page.getByTestId('menu-case-intake').click();
      await page.getByTestId('intake-anonymous').click();
      await page.getByTestId('intake-callback').fill('13811112222');
      await page.getByTestId('intake-narrative').fill('匿名来电：丈夫酒后持刀威胁，扬言要杀了她，孩子在家');
      await page.getByTestId('indicator-threat_to_kill').click();
      await page.getByTestId('indicator-weapon').click();
      await page.getByTestId('intake-submit').click();
      await page.getByTestId('case-page').waitFor();
      casePath = new URL(page.url()).pathname;
      caseNo = (await page.getByTestId('case-no').textContent()) ?? '';
      expect(caseNo).toMatch(/^WQ/);
      expect(await page.getByTestId('case-risk').textContent()).toBe('高风险');
      await page.getByTestId('case-contact-due').waitFor();
      expect(await page.getByTestId('case-overview').textContent()).toContain('138****2222');
    } finally {
      // keep the worker's page for later steps
    }

    // The supervisor is alerted at once.
    const sup = await openPage(browser());
    try {
      await signIn(sup.page, 'kaizhou.supervisor');
      await sup.page.getByTestId('notification-bell').click();
      await sup.page.getByTestId('notification-drawer').getByText(caseNo).first().waitFor();
    } finally {
      await sup.context.close();
    }

    // The worker makes contact, assesses, moves to handling and refers the case to the police.
    await page.getByTestId('case-contacted').click();
    await page.getByTestId('case-contacted-note').fill('已回拨，当事人暂住娘家');
    await page.getByTestId('case-contacted-ok').click();
    await transition(page, 'begin_assessment');
    await transition(page, 'begin_handling');
    await page.getByTestId('case-refer').click();
    await pickOption(page, 'case-refer-agency', '开州区公安局');
    await page.getByTestId('case-refer-request').fill('请依法出警处置并出具家庭暴力告诫书');
    await page.getByTestId('case-refer-ok').click();
    await page.getByTestId('case-referrals').getByTestId('referral-status').getByText('已转介').waitFor();

    // The police user sees only her agency's referrals, accepts and answers.
    const police = await openPage(browser());
    try {
      await signIn(police.page, 'kaizhou.police');
      // her workbench lists the referral waiting to be accepted, and leads to her inbox
      await police.page.getByTestId('wb-list-referrals').getByText(caseNo).waitFor();
      await police.page.getByTestId('wb-open-referrals').click();
      await police.page.getByTestId('referral-inbox').getByText(caseNo).click();
      await police.page.getByTestId('referral-page').waitFor();
      expect(await police.page.getByTestId('referral-page').textContent()).not.toContain('13811112222');
      await police.page.getByTestId('referral-accept').click();
      await police.page.getByTestId('referral-accept-ok').click();
      await police.page.getByTestId('referral-page-status').getByText('已接收').waitFor();
      await police.page.getByTestId('referral-report').click();
      await police.page.getByTestId('referral-report-text').fill('已出警，对施暴人出具告诫书');
      await police.page.getByTestId('referral-report-ok').click();
      await police.page.getByTestId('referral-page-status').getByText('已反馈').waitFor();
      expect(await police.page.getByTestId('menu-cases').count()).toBe(0);
    } finally {
      await police.context.close();
    }

    // Legal aid is asked too, and declines: her access to the case ends, so she is taken back to her inbox.
    await page.getByTestId('case-refer').click();
    await pickOption(page, 'case-refer-agency', '开州区法律援助中心');
    await page.getByTestId('case-refer-request').fill('请为当事人申请人身安全保护令提供法律援助');
    await page.getByTestId('case-refer-ok').click();
    const legalAid = await openPage(browser());
    try {
      await signIn(legalAid.page, 'kaizhou.legalaid');
      await legalAid.page.goto('/referrals');
      await legalAid.page.getByTestId('referral-inbox').getByText(caseNo).click();
      await legalAid.page.getByTestId('referral-decline').click();
      await legalAid.page.getByTestId('referral-decline-reason').fill('当事人已委托律师，无需法律援助');
      await legalAid.page.getByTestId('referral-decline-ok').click();
      await legalAid.page.getByText('已退回转介，案件不再对本单位开放').waitFor();
      await legalAid.page.getByTestId('referral-inbox').waitFor();
      expect(new URL(legalAid.page.url()).pathname).toBe('/referrals');
    } finally {
      await legalAid.context.close();
    }

    // Back on the case: the loop is closed; a protection order is recorded; the case moves to follow-up and closes.
    await page.goto(casePath);
    await page.getByTestId('case-referrals').getByText('已出警，对施暴人出具告诫书').waitFor();
    await page.getByTestId('case-instrument').click();
    await page.getByTestId('case-instrument-issuer').fill('开州区人民法院');
    await page.getByTestId('case-instrument-no').fill('(2026)渝0154民保令12号');
    const until = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('case-instrument-until').fill(until);
    await page.keyboard.press('Enter');
    await page.getByTestId('case-instrument-ok').click();
    await page.getByTestId('case-instruments').getByText(until).waitFor();
    await transition(page, 'begin_follow_up');
    await transition(page, 'close', async (p) => {
      await pickOption(p, 'case-outcome', '已获安全保护');
      await p.getByTestId('case-transition-reason').fill('保护令已签发，当事人安全');
    });
    await page.getByTestId('case-status').getByText('结案').waitFor();
    const followUps = await page.getByTestId('case-follow-ups').locator('[data-testid^="follow-up-"]').count();
    expect(followUps).toBeGreaterThanOrEqual(3);
    await page.getByTestId('case-transition-reopen').waitFor();
    await worker.context.close();
  }, 180_000);

  it('a cadre of the same community sees only that a case exists, and must give a reason to break the glass', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'village.a');
      await page.getByTestId('menu-cases').click();
      await page.getByTestId('case-view').getByText('辖区全部').click();
      const row = page.locator('tr[data-access="existence"]').first();
      await row.waitFor();
      await row.locator('a').click();
      await page.getByTestId('case-existence').waitFor();
      await page.getByTestId('case-break-glass').click();
      await page.getByTestId('case-break-glass-reason').fill('当事人到社区求助，情况紧急需了解案情');
      await page.getByTestId('case-break-glass-ok').click();
      await page.getByTestId('case-break-glass-banner').waitFor();
      expect(await page.getByTestId('case-transition-close').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);
});
