import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BASE_URL, browserForFile, codeSentTo, PNG, staffApiFor, chooseOption, openPage, signIn } from './helpers.js';

const browser = browserForFile();
const staffApi = (username: string) => staffApiFor(browser(), username);

const choose = (page: Page, testid: string, text: string) => chooseOption(page, page.getByTestId(testid), text);
/** The place pickers are searchable: typing filters them first (as in portal-order.test.ts). */
const place = (page: Page, testid: string, text: string) =>
  chooseOption(page, page.getByTestId(testid), text, { type: text });

describe('两癌 aid', () => {
  it('she applies on her phone; the village, district and city review it; it is paid; she sees it', async () => {
    const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    // the village federation registers her (the registry tags her as a woman in difficulty)
    const village = await staffApi('village.a');
    const me = await village.get('/auth/me');
    const personId = (
      await village.post('/people', {
        orgId: me.homeOrg.id,
        name: '周秀英',
        gender: 'female',
        birthDate: '1973-05-06',
        tags: ['difficult_woman'],
      })
    ).id as number;
    const program = ((await village.get('/care-programs/programs')).items as { id: number; code: string }[]).find((p) =>
      p.code.startsWith('liangai-'),
    )!;

    const resident = await browser().newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Asia/Shanghai',
    });
    const p = await resident.newPage();
    p.setDefaultTimeout(15_000);
    p.setDefaultNavigationTimeout(45_000);
    let applicationId = 0;
    try {
      await p.goto('/h5/login');
      await p.getByTestId('portal-phone').fill(phone);
      await p.getByTestId('portal-send-code').click();
      await p.getByTestId('portal-code-sent').waitFor();
      await p.getByTestId('portal-code').fill(await codeSentTo(phone));
      await p.getByTestId('portal-login-submit').click();
      await place(p, 'place-district', '开州区');
      await place(p, 'place-town', '汉丰街道');
      await place(p, 'place-village', '驷马社区');
      await p.getByTestId('place-save').click();
      await p.getByTestId('portal-place').getByText('驷马社区').waitFor();
      // the community confirms who she is (she came with her ID card)
      const residentId = ((await (await p.request.get('/api/v1/portal/me')).json()) as { id: number }).id;
      await village.post(`/residents/${residentId}/link`, { personId, reason: '本人持身份证到社区核实' });

      await p.getByTestId('tab-care').click();
      await p.getByTestId(`care-apply-${program.id}`).click();
      await choose(p, 'care-category', '低保');
      await choose(p, 'care-disease', '宫颈癌');
      await p.getByTestId('care-invasive').check();
      await choose(p, 'care-stage', 'IIIA');
      await p.getByTestId('care-hospital').fill('开州区人民医院');
      await p.getByTestId('care-diagnosed-on').click();
      await p.keyboard.type('2026-09-02');
      await p.keyboard.press('Enter');
      await p.getByTestId('care-bank').fill('重庆农村商业银行');
      await p.getByTestId('care-account').fill('6228480012345678901');
      await p.getByTestId('care-holder').fill('周秀英');
      await p.getByTestId('care-create').click();
      await p.waitForURL(/\/h5\/care\/\d+$/);
      applicationId = Number(/(\d+)$/.exec(p.url())![1]);
      // the materials, photographed with the phone
      for (const code of ['id_card', 'diagnosis', 'category_proof', 'household_register', 'bank_card']) {
        const chooser = p.waitForEvent('filechooser');
        await p.getByTestId(`care-upload-${code}`).click();
        await (await chooser).setFiles({ name: `${code}.png`, mimeType: 'image/png', buffer: PNG });
      }
      await expect.poll(() => p.getByTestId('care-submit').isEnabled(), { timeout: 20_000 }).toBe(true);
      await p.getByTestId('care-submit').click();
      await p.getByTestId('care-state').getByText('审核中').waitFor();
    } catch (e) {
      await resident.close();
      await village.ctx.close();
      throw e;
    }

    // 初审 by the community, in the staff app
    const { context, page } = await openPage(browser());
    page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(page, 'village.a');
      await page.goto(`/care-programs/applications/${applicationId}`);
      await page.getByTestId('application-pass').click();
      await page.getByTestId('review-opinion').fill('经入户核实，困难情况属实，材料齐全');
      await page.getByTestId('review-ok').click();
      await page.getByText('复审').first().waitFor();
    } finally {
      await context.close();
      await village.ctx.close();
    }
    // 复审 by the district after consulting health, medical insurance and civil affairs; the city checks and approves
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const district = await staffApi('kaizhou.cadre');
    const city = await staffApi('city.cadre');
    try {
      await district.post(`/care-programs/applications/${applicationId}/review`, {
        action: 'pass',
        opinion: '经征求卫健、医保、民政部门意见，同意上报',
        consultations: [
          { agency: 'health', consultedOn: today, opinion: '诊断属实' },
          { agency: 'medical_insurance', consultedOn: today, opinion: '自付部分较高' },
          { agency: 'civil_affairs', consultedOn: today, opinion: '低保对象属实' },
        ],
      });
      await city.post(`/care-programs/applications/${applicationId}/review`, {
        action: 'pass',
        opinion: '材料审核通过',
      });
      const approved = await city.post(`/care-programs/applications/${applicationId}/review`, {
        action: 'pass',
        opinion: '同意救助 10000 元',
      });
      expect(approved.state).toBe('approved');
    } finally {
      await city.ctx.close();
      await district.ctx.close();
    }
    // the district records the payment in the staff app
    const staff = await openPage(browser());
    staff.page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(staff.page, 'kaizhou.cadre');
      await staff.page.goto(`/care-programs/applications/${applicationId}`);
      await staff.page.getByTestId('application-pay').click();
      await staff.page.getByTestId('pay-reference').fill('CQRCB-KZ-0001');
      await staff.page.getByTestId('pay-ok').click();
      await staff.page.getByTestId('application-state').getByText('已发放').waitFor();
    } finally {
      await staff.context.close();
    }
    // and she sees it on her phone
    try {
      await p.goto(`/h5/care/${applicationId}`);
      await p.getByTestId('care-state').getByText('已发放').waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await resident.close();
    }
  }, 180_000);
});
