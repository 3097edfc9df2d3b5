import { describe, expect, it } from 'vitest';
import { homeOrg, browserForFile, openPage } from './helpers.js';
import { createPerson, phoneNumber, signInAndSettle } from './people-helpers.js';

const browser = browserForFile();

describe('unmasking', () => {
  it('village.a sees a phone in clear with a reason; the auditor finds the entry with that reason', async () => {
    const phone = phoneNumber();
    const reason = `入户走访核实联系方式 ${Date.now().toString(36)}`;
    let personId = 0;

    const cadre = await openPage(browser());
    try {
      const page = cadre.page;
      await signInAndSettle(page, 'village.a');
      const org = await homeOrg(page);
      personId = (await createPerson(page, { orgId: org.id, name: '李秀英', phone })).id;

      await page.goto(`/people/${personId}`);
      const masked = page.getByTestId('masked-phone');
      await masked.waitFor();
      expect(await masked.textContent()).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      expect(await page.getByTestId('person-sensitive').textContent()).not.toContain(phone);

      await page.getByTestId('unmask-phone').click();
      const modal = page.getByTestId('unmask-modal');
      // No reason, no clear value.
      await modal.getByTestId('unmask-submit').click();
      await modal.getByText('请填写原因（至少 4 个字）').waitFor();
      await modal.getByTestId('unmask-reason').fill(reason);
      await modal.getByTestId('unmask-submit').click();
      await expect.poll(() => modal.getByTestId('unmasked-value').textContent()).toBe(phone);
      await modal.getByTestId('unmask-submit').click(); // 关闭
      expect(await page.getByTestId('clear-phone').textContent()).toContain(phone);
    } finally {
      await cadre.context.close();
    }

    const auditor = await openPage(browser());
    try {
      const page = auditor.page;
      await signInAndSettle(page, 'auditor');
      await page.getByTestId('menu-audit').click();
      await page.getByTestId('audit-filter-action').fill('person.unmask');
      await page.getByTestId('audit-filter-targetId').fill(String(personId));
      await page.getByTestId('audit-apply').click();
      const row = page
        .getByTestId('audit-table')
        .locator('tr.ant-table-row', { hasText: `person #${personId}` })
        .first();
      await row.waitFor();
      expect(await row.textContent()).toContain('person.unmask');
      await row.locator('.ant-table-row-expand-icon').click();
      const detail = page.locator('[data-testid^="audit-detail-"]').first();
      await detail.waitFor();
      expect(await detail.textContent()).toContain(reason);
      expect(await detail.textContent()).toContain('phone');
      // The audit trail names the field, never the value.
      expect(await detail.textContent()).not.toContain(phone);
    } finally {
      await auditor.context.close();
    }
  }, 60_000);
});
