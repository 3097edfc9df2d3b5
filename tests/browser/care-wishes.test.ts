import { describe, expect, it } from 'vitest';
import { BASE_URL, browserForFile, codeSentTo, PNG, staffApiFor, openPage, signIn } from './helpers.js';

const browser = browserForFile();
const staffApi = (username: string) => staffApiFor(browser(), username);

describe('微心愿', () => {
  it('a child’s wish is published, claimed by a donor on her phone, fulfilled with a proof photo; public stays anonymous', async () => {
    const run = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    const title = `一双运动鞋 ${run}`;
    const proofName = `冉小雨在驷马小学领鞋-${run}.png`;
    // the community federation records the wish of a left-behind girl of its registry
    const village = await staffApi('village.a');
    let wishId = 0;
    try {
      const me = await village.get('/auth/me');
      const child = await village.post('/people', {
        orgId: me.homeOrg.id,
        name: '冉小雨',
        gender: 'female',
        birthDate: '2016-03-03',
        tags: ['left_behind_child'],
      });
      const wish = await village.post('/care-programs/wishes', {
        personId: child.id,
        title,
        description: '上体育课想要一双合脚的运动鞋',
        amount: 150,
      });
      expect(wish).toMatchObject({ state: 'submitted', publicName: '冉**' });
      wishId = wish.id as number;
    } finally {
      await village.ctx.close();
    }

    // the street federation verifies and publishes it in the staff app
    const town = await openPage(browser());
    town.page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(town.page, 'hanfeng.cadre');
      await town.page.goto('/care-programs/wishes');
      await town.page.getByTestId(`wish-publish-${wishId}`).click();
      await town.page.getByTestId(`wish-open-${wishId}`).click();
      await town.page.getByTestId('wish-state').getByText('已发布待认领').waitFor();
    } finally {
      await town.context.close();
    }

    // a donor finds it on her phone and claims it
    const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const donor = await browser().newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'Asia/Shanghai',
    });
    const p = await donor.newPage();
    p.setDefaultTimeout(15_000);
    p.setDefaultNavigationTimeout(45_000);
    try {
      await p.goto('/h5/login?next=/wishes');
      await p.getByTestId('portal-phone').fill(phone);
      await p.getByTestId('portal-send-code').click();
      await p.getByTestId('portal-code-sent').waitFor();
      await p.getByTestId('portal-code').fill(await codeSentTo(phone));
      await p.getByTestId('portal-login-submit').click();
      await p.waitForURL(/\/h5\/wishes$/);
      const card = p.getByTestId(`portal-wish-${wishId}`);
      await card.getByText(title).waitFor();
      await expect.poll(() => card.textContent()).toContain('冉**');
      await p.getByTestId(`wish-claim-${wishId}`).click();
      await p.getByTestId('wish-claim-ok').click();
      await p.getByTestId('wish-claimed').waitFor();
      await p.getByTestId(`portal-claim-state-${wishId}`).getByText('已认领').waitFor();
      // no day chosen: the wish's 14 days, counted down on her list
      await p.getByTestId(`portal-claim-deadline-${wishId}`).getByText('还剩 14 天').waitFor();
      await p.getByTestId(`portal-wish-state-${wishId}`).getByText('已认领').waitFor();
    } catch (e) {
      await donor.close();
      throw e;
    }

    // the community federation sees who claimed it and, the shoes handed over, records it fulfilled with a photo
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const staff = await openPage(browser());
    staff.page.setDefaultNavigationTimeout(45_000);
    try {
      const s = staff.page;
      await signIn(s, 'village.a');
      await s.goto(`/care-programs/wishes/${wishId}`);
      await s.getByTestId('wish-state').getByText('已认领').waitFor();
      await s.getByTestId('wish-deadline-left').getByText('还剩 14 天').waitFor();
      await s
        .getByTestId('wish-detail')
        .getByText(`${phone.slice(0, 3)}****${phone.slice(7)}`)
        .first()
        .waitFor();
      await s.getByTestId(`wish-fulfil-${wishId}`).click();
      const chooser = s.waitForEvent('filechooser');
      await s.getByTestId('wish-proof-upload').click();
      await (await chooser).setFiles({ name: proofName, mimeType: 'image/png', buffer: PNG });
      await s.getByTestId('wish-proof-name').getByText(proofName).waitFor();
      await s.getByTestId('wish-fulfilled-on').click();
      await s.keyboard.type(today);
      await s.keyboard.press('Enter');
      await s.getByTestId('wish-note').fill('运动鞋已送到孩子手中，尺码合适');
      await s.getByTestId('wish-dialog-ok').click();
      await s.getByTestId('wish-state').getByText('已圆梦').waitFor();
      // the proof shows to staff on the wish page
      await s.getByTestId('wish-proofs').getByText(proofName).waitFor();
      const img = s.getByTestId('wish-proofs').locator('img').first();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    } finally {
      await staff.context.close();
    }

    // on her phone (and to anyone): fulfilled, with the masked name and the district only
    try {
      await p.goto('/h5/wishes');
      await p.getByTestId(`portal-wish-state-${wishId}`).getByText('已圆梦').waitFor();
      await p.getByTestId(`portal-claim-state-${wishId}`).getByText('已圆梦').waitFor();
      const text = (await p.locator('body').innerText()) ?? '';
      for (const secret of ['冉小雨', '驷马', '汉丰', proofName])
        expect([secret, text.includes(secret)]).toEqual([secret, false]);
      for (const path of ['/care-programs/wishes', '/care-programs/wishes/claimed', '/care-programs/wishes/mine']) {
        const body = await (await p.request.get(`/api/v1/portal${path}`)).text();
        for (const secret of ['冉小雨', '驷马', '汉丰', proofName, 'proof'])
          expect([path, secret, body.includes(secret)]).toEqual([path, secret, false]);
      }
      const stranger = await browser().newContext({ baseURL: BASE_URL });
      try {
        const wall = (await (await stranger.request.get('/api/v1/portal/care-programs/wishes')).json()) as {
          items: { id: number; state: string; publicName: string; district: string }[];
        };
        expect(wall.items.find((x) => x.id === wishId)).toMatchObject({
          state: 'fulfilled',
          publicName: '冉**',
          district: '开州区',
        });
      } finally {
        await stranger.close();
      }
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await donor.close();
    }
  }, 180_000);
});
