import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForFile, chooseOption, openPage, signIn } from './helpers.js';

const browser = browserForFile();

/** Opens the demo case of the list whose row holds every one of the texts. */
async function openCase(page: Page, texts: string[]) {
  await page.getByTestId('menu-cases').click();
  let row = page.locator('tr[data-case-id]');
  for (const text of texts) row = row.filter({ hasText: text });
  await row.first().locator('a').click();
  await page.getByTestId('case-page').waitFor();
}

/** Submits the open form of a FormModalButton and waits until its modal has closed (its save done). */
async function ok(page: Page, testId: string) {
  await page.getByTestId(`${testId}-ok`).click();
  await page.getByTestId(`${testId}-ok`).waitFor({ state: 'hidden', timeout: 30_000 });
}

describe('rights protection: the case forms', () => {
  it('records a mediation (session, agreement, judicial confirmation), a mandatory report and a safety plan', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'kaizhou.caseworker');

      // The walk-in marriage dispute of the demo: a mediation with the street's mediator.
      await openCase(page, ['来访', '评估']);
      const mediations = page.getByTestId('case-mediations');
      await page.getByTestId('case-mediation-start').click();
      await chooseOption(page, page.getByTestId('case-mediation-mediator'), '汉丰街道 婚调员');
      await ok(page, 'case-mediation-start');
      const item = mediations.locator('li[data-testid^="mediation-"]').filter({ hasText: '调解中' }).first();
      await item.waitFor();

      await item.getByTestId('mediation-session-add').click();
      await page.getByTestId('mediation-session-place').fill('汉丰街道妇女之家');
      await page.getByTestId('mediation-session-summary').fill('双方就房屋居住和财产分割陈述意见，同意继续协商');
      await ok(page, 'mediation-session-add');
      await item.getByTestId('mediation-session-row').filter({ hasText: '同意继续协商' }).waitFor();

      await item.getByTestId('mediation-outcome').click();
      await page.getByTestId('mediation-terms').fill('男方同意女方继续居住现住房至离婚判决生效，共同财产另行协商分割');
      // this attempt's own agreement: a retried flow finds the first attempt's mediation on the same case
      const attempt = Date.now().toString(36);
      await page.getByTestId('mediation-obligations').fill(`男方每月 10 日前支付子女抚养费 1500 元（${attempt}）`);
      const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
      await page.getByTestId('mediation-performance-due').fill(due);
      await page.keyboard.press('Enter');
      await page.getByTestId('mediation-signed-by').fill('王丽\n张强');
      await ok(page, 'mediation-outcome');
      const agreed = mediations.locator('li[data-testid^="mediation-"]').filter({ hasText: attempt });
      await agreed.getByTestId('mediation-status').getByText('已达成协议').waitFor();
      expect(await agreed.getByTestId('mediation-agreement').textContent()).toContain(due);
      expect(await agreed.getByTestId('mediation-agreement').textContent()).toContain('王丽、张强');
      // The 30-day window for judicial confirmation starts at the agreement.
      expect(await agreed.getByTestId('mediation-confirmation').textContent()).toContain('剩 30 天');
      await agreed.getByTestId('mediation-confirm').click();
      await ok(page, 'mediation-confirm');
      await agreed.getByTestId('mediation-confirmation').getByText('已申请').waitFor();
      await page.getByTestId('case-events').getByText('调解结果').first().waitFor();

      // The high-risk hotline case with a harmed child: the school's mandatory report and a new safety plan.
      await openCase(page, ['12338 热线', '处置', '高风险', '涉未成年人']);
      await page.getByTestId('case-mandatory-report').click();
      await page.getByTestId('mandatory-reporter-org').fill('汉丰第二小学');
      await page.getByTestId('mandatory-receipt-no').fill('开公(汉)受案字〔2026〕0417号');
      await ok(page, 'case-mandatory-report');
      const info = page.getByTestId('case-mandatory-report-info');
      await info.getByText('开公(汉)受案字〔2026〕0417号', { exact: false }).waitFor();
      expect(await info.textContent()).toContain('汉丰第二小学');

      await page.getByTestId('case-safety-plan-edit').click();
      await page.getByTestId('case-safety-plan-text').fill('搬至庇护所暂住；遇到危险立即拨打 110 并按下手机紧急呼叫。');
      await page.getByTestId('case-safety-plan-items').fill('庇护所地址不告知施暴人\n孩子由社工接送上学');
      await ok(page, 'case-safety-plan-edit');
      await page.getByTestId('case-safety-plan-body').getByText('搬至庇护所暂住', { exact: false }).waitFor();
      expect(await page.getByTestId('case-safety-plan-item').allTextContents()).toEqual([
        '庇护所地址不告知施暴人',
        '孩子由社工接送上学',
      ]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('takes a 舆情 incident in, and files a village nil report that leaves the not-reported list', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'kaizhou.caseworker');

      // 舆情 intake: the platform and the time it was found, then what happened.
      await page.getByTestId('menu-case-intake').click();
      await page.getByTestId('intake-channel').getByText('舆情').click();
      await page.getByTestId('intake-po-platform').fill('本地论坛“开州生活圈”');
      await page.getByTestId('intake-narrative').fill('网帖称某社区一女子长期遭丈夫殴打，邻居拍到视频，评论激烈');
      await page.getByTestId('intake-submit').click();
      await page.getByTestId('case-page').waitFor();
      expect(await page.getByTestId('case-overview').textContent()).toContain('舆情');
      expect(await page.getByTestId('case-public-opinion-info').textContent()).toContain('开州生活圈');

      // 零报告: last month's board of the district's villages; one that has not reported files its nil report.
      await page.getByTestId('menu-case-nil-reports').click();
      const board = page.getByTestId('nil-board');
      const missing = board.locator('tr[data-state="missing"]').first();
      await missing.waitFor();
      const village = (await missing.getAttribute('data-org')) ?? '';
      expect(village).not.toBe('');
      const count = async () =>
        Number(/\d+/.exec((await page.getByTestId('nil-missing-count').textContent()) ?? '')?.[0]);
      const before = await count();
      await missing.getByTestId('nil-file').click();
      await page.getByTestId('nil-file-ok').click();
      const row = board.locator(`tr[data-org="${village}"]`);
      await row.and(page.locator('[data-state="reported"]')).waitFor();
      expect(await row.textContent()).toContain('维权专员');
      expect(await count()).toBe(before - 1);
      // The demo's third community filed last month already: it shows as reported, not among the missing.
      expect(await board.locator('tr[data-state="reported"]').count()).toBeGreaterThanOrEqual(2);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('turns a collected suggestion into a 人大建议 record: numbered, submitted, replied', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'hanfeng.cadre');
      await page.getByTestId('menu-suggestions').click();
      const suggestion = page.locator('tr').filter({ hasText: '普惠性托育点' }).first();
      await suggestion.locator('.ant-checkbox-input').check();
      await page.getByTestId('proposal-create').click();
      expect(await page.getByTestId('proposal-body').inputValue()).toContain('增设普惠性托育点');
      await page.getByTestId('proposal-title').fill('关于在社区增设普惠性托育点的建议');
      await page.getByTestId('proposal-deputy').fill('区人大代表 张某某');
      await page.getByTestId('proposal-create-ok').click();
      await page.getByTestId('proposal-create-ok').waitFor({ state: 'hidden' });
      // handed over to the record, not to a name typed in
      await page.getByText('已转交').first().click();
      await suggestion.getByText('人大建议《关于在社区增设普惠性托育点的建议》').waitFor();

      await page.getByTestId('menu-proposals').click();
      const row = page.locator('tr[data-proposal-id]').filter({ hasText: '关于在社区增设普惠性托育点的建议' });
      expect(await row.getByTestId('proposal-status').textContent()).toBe('起草中');
      await row.getByText('登记提交').click();
      await page.getByTestId('proposal-number').fill('开人大建〔2026〕第 37 号');
      await page.locator('[data-testid^="proposal-submit-"][data-testid$="-ok"]').click();
      await row.getByTestId('proposal-status').getByText('已提交').waitFor();
      expect(await row.getByTestId('proposal-number-cell').textContent()).toBe('开人大建〔2026〕第 37 号');
      await row.getByText('登记答复').click();
      await page.getByTestId('proposal-reply-org').fill('开州区教育委员会');
      await page.getByTestId('proposal-reply').fill('2027 年新增普惠托位 300 个，并出台家庭托育点补贴办法。');
      await page.locator('[data-testid^="proposal-reply-"][data-testid$="-ok"]').click();
      await row.getByTestId('proposal-status').getByText('已答复').waitFor();
      expect(await row.getByTestId('proposal-reply-cell').textContent()).toContain('开州区教育委员会');
    } finally {
      await context.close();
    }
  }, 120_000);
});
