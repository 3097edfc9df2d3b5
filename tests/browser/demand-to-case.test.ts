import { describe, expect, it } from 'vitest';
import { apiGet, homeOrg, browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();

describe('诉求转维权: a help request from the portal becomes a rights case', () => {
  it('the community cadre opens the request, makes it a high-risk case and lands on the case; the request shows the link', async () => {
    const { context, page } = await openPage(browser());
    page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(page, 'village.a');
      const village = await homeOrg(page);
      // an anonymous woman asks for help from her phone (the portal's public endpoint)
      const help = await page.request.post('/api/v1/portal/help', {
        data: {
          orgId: village.id,
          category: 'rights',
          urgency: 'urgent',
          description: '丈夫喝酒后经常打我，昨晚还掐我脖子，我不敢回家',
          anonymous: true,
          contactPhone: '13766668888',
        },
      });
      expect(help.status()).toBe(201);
      const demandId = ((await help.json()) as { demand: { id: number } }).demand.id;

      await page.goto(`/demands/${demandId}`);
      await page.getByTestId('demand-action-convert_to_case').click();
      await page.getByTestId('convert-case-narrative').waitFor();
      await page.getByTestId('convert-indicator-strangulation').click();
      await page.getByTestId('convert-case-submit').click();
      await page.getByTestId('case-page').waitFor();
      const caseNo = (await page.getByTestId('case-no').textContent())?.trim() ?? '';
      expect(caseNo).toMatch(/^WQ\d+/);
      const caseId = Number(await page.getByTestId('case-page').getAttribute('data-case-id'));
      const view = await apiGet<{
        channel: string;
        riskLevel: string;
        intake: { sourceRef: { type: string; id: number } };
      }>(page, `/cases/${caseId}`);
      expect(view).toMatchObject({
        channel: 'online',
        riskLevel: 'high',
        intake: { sourceRef: { type: 'demand', id: demandId } },
      });

      await page.goto(`/demands/${demandId}`);
      await page.getByTestId('demand-case-linked').getByRole('link').click();
      await page.waitForURL(new RegExp(`/cases/${caseId}$`));
    } finally {
      await context.close();
    }
  }, 120_000);
});
