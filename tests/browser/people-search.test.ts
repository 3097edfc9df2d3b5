import { describe, expect, it } from 'vitest';
import { browserForFile, openPage } from './helpers.js';
import { phoneNumber, signInAndSettle, withWrongCheck, womanIdNumber } from './people-helpers.js';

const browser = browserForFile();

describe('people search', () => {
  it('village.a registers 张晓梅 in the drawer and finds her by the pinyin initials zxm', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signInAndSettle(page, 'village.a');
      await page.getByTestId('menu-people').click();
      await page.waitForURL(/\/people$/);
      await page.getByTestId('people-table').locator('tr[data-person-id]').first().waitFor();

      await page.getByTestId('create-person-button').click();
      const drawer = page.getByTestId('person-drawer');
      await drawer.getByTestId('person-name').fill('张晓梅');
      // A wrong check character is refused on the field before anything is sent.
      const idNumber = womanIdNumber('19900308');
      await drawer.getByTestId('person-id-number').fill(withWrongCheck(idNumber));
      await drawer.getByTestId('person-phone').click();
      await drawer.getByText('身份证号校验位不正确').waitFor();
      // A valid one fills in the birth date and gender.
      await drawer.getByTestId('person-id-number').fill(idNumber);
      await expect.poll(() => drawer.getByTestId('person-birth-date').inputValue()).toBe('1990-03-08');
      await drawer.getByTestId('person-phone').fill(phoneNumber());
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/people') && r.request().method() === 'POST',
      );
      await drawer.getByTestId('person-submit').click();
      const res = await created;
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: number };

      // The same ID number again: the server's refusal shows on the ID field.
      await page.getByTestId('create-person-button').click();
      await drawer.getByTestId('person-name').fill('张晓梅');
      await drawer.getByTestId('person-id-number').fill(idNumber);
      await drawer.getByTestId('person-submit').click();
      await drawer.locator('.ant-form-item-explain-error').filter({ hasText: '该身份证号已登记' }).waitFor();
      await drawer.getByRole('button', { name: /取\s*消/ }).click();

      await page.getByTestId('people-search').fill('zxm');
      await page.waitForURL(/q=zxm/);
      const row = page.getByTestId('people-table').locator(`tr[data-person-id="${id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('张晓梅');

      // The search is in the URL: the person page and back keep it.
      // The debounced search can re-render the table under the pointer: click until the page actually changes.
      for (let attempt = 0; ; attempt++) {
        await page
          .getByTestId('people-table')
          .locator(`tr[data-person-id="${id}"]`)
          .getByTestId(`person-link-${id}`)
          .click();
        try {
          await page.waitForURL(new RegExp(`/people/${id}$`), { timeout: 5_000 });
          break;
        } catch (err) {
          if (attempt >= 2) throw err;
        }
      }
      await page.getByTestId('person-detail-name').filter({ hasText: '张晓梅' }).waitFor();
      await page.goBack();
      await page.getByTestId('people-table').locator(`tr[data-person-id="${id}"]`).waitFor();
      expect(await page.getByTestId('people-search').inputValue()).toBe('zxm');
    } finally {
      await context.close();
    }
  }, 60_000);
});
