import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BASE_URL, browserForFile, chooseOption, clickInDialog, openPage, signIn, smsSentTo } from './helpers.js';

const browser = browserForFile();

/** Picks an option of an antd Select by typing part of its label. */
async function choose(page: Page, testid: string, text: string) {
  await chooseOption(page, page.getByTestId(testid), text, { type: text });
}

/** The one-time code her phone received (the development channel: the server log; the admin's page blanks it). */
async function codeSentTo(phone: string): Promise<string> {
  return (await smsSentTo(`${phone.slice(0, 3)}****${phone.slice(7)}`, /验证码是 (\d{6})/))[1]!;
}

describe("the residents' mobile portal", () => {
  it('she orders legal advice on her phone; the village federation takes it, handles and answers it; she rates it', async () => {
    const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const description = `想咨询离婚后孩子抚养费的问题 ${Date.now().toString(36)}`;
    const resident = await browser().newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Asia/Shanghai',
    });
    const phonePage = await resident.newPage();
    phonePage.setDefaultTimeout(15_000);
    // A loaded shared machine can take long to serve the app's first load
    phonePage.setDefaultNavigationTimeout(45_000);
    let demandId = 0;
    try {
      // sign in with the phone and the one-time code
      await phonePage.goto('/h5');
      await phonePage.getByTestId('portal-go-login').click();
      await phonePage.getByTestId('portal-phone').fill(phone);
      await phonePage.getByTestId('portal-send-code').click();
      await phonePage.getByTestId('portal-code-sent').waitFor();
      await phonePage.getByTestId('portal-code').fill(await codeSentTo(phone));
      await phonePage.getByTestId('portal-login-submit').click();
      // she says where she lives: 开州区 / 汉丰街道 / 驷马社区
      await choose(phonePage, 'place-district', '开州区');
      await choose(phonePage, 'place-town', '汉丰街道');
      await choose(phonePage, 'place-village', '驷马社区');
      await phonePage.getByTestId('place-save').click();
      await phonePage.getByTestId('portal-place').getByText('驷马社区').waitFor();
      // the catalogue of her community and town; she orders legal advice
      const service = phonePage
        .getByTestId('portal-catalogue')
        .locator('.ant-list-item', { hasText: '婚姻家庭法律咨询' });
      await service.locator('a').click();
      await phonePage.getByTestId('portal-order-description').fill(description);
      await phonePage.getByTestId('portal-order-submit').click();
      await phonePage.waitForURL(/\/h5\/requests\/\d+$/);
      demandId = Number(/(\d+)$/.exec(phonePage.url())![1]);
      await phonePage.locator('[data-testid="portal-request"][data-state="received"]').waitFor();
    } catch (e) {
      await resident.close();
      throw e;
    }

    // the community federation takes the order (接单), handles it and answers
    const { context, page } = await openPage(browser());
    page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(page, 'village.a');
      await page.goto('/demands');
      await page.getByTestId(`demand-link-${demandId}`).click();
      await page.getByTestId('demand-detail').getByText(description).waitFor();
      await page.getByTestId('demand-action-accept').click();
      await clickInDialog(page, 'demand-action-submit');
      await page.locator('[data-testid="demand-state"][data-state="accepted"]').waitFor();
      await page.getByTestId('demand-action-reply').click();
      await page.getByTestId('demand-reply').fill('已为您预约周四上午律师当面咨询，请带上相关材料。');
      await clickInDialog(page, 'demand-action-submit');
      await page.locator('[data-testid="demand-state"][data-state="replied"]').waitFor();
    } finally {
      await context.close();
    }

    // she is told, reads the answer and rates it
    try {
      await phonePage.getByTestId('tab-notices').click();
      await phonePage.getByTestId('portal-notices').getByText('您的诉求已答复').first().waitFor();
      await phonePage.goto(`/h5/requests/${demandId}`);
      await phonePage.getByTestId('portal-reply').getByText('律师当面咨询').waitFor();
      await phonePage.getByTestId('portal-rating').getByText('满意', { exact: true }).click();
      await phonePage.getByTestId('portal-rate-submit').click();
      await phonePage.getByTestId('portal-rated').getByText('满意').waitFor();
      await phonePage.locator('[data-testid="portal-request"][data-state="closed"]').waitFor();
      // a phone-sized page: nothing wider than the screen
      expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await resident.close();
    }
  }, 120_000);
});
