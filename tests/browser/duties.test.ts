import { describe, expect, it } from 'vitest';
import { apiGet, browserForFile, chooseOption, openPage, signIn } from './helpers.js';

const browser = browserForFile();

interface MyDuties {
  progress: { items: { kind: string; done: number; target: number }[] } | null;
}

describe('执委履职: a 执委 records a routine visit and sees her checklist move', () => {
  it('her "七个一" counts the visit she just recorded', async () => {
    const { context, page } = await openPage(browser());
    page.setDefaultNavigationTimeout(45_000);
    try {
      await signIn(page, 'village.a.member');
      const before = await apiGet<MyDuties>(page, '/duties/me');
      const visits = before.progress!.items.find((i) => i.kind === 'visits.made')!;
      await page.getByTestId('menu-my-duties').click();
      await page.waitForURL(/\/duties\/me$/);
      await expect
        .poll(() => page.getByTestId('duty-done-visits.made').textContent())
        .toBe(`${visits.done} / ${visits.target}`);

      const person = (await apiGet<{ items: { id: number; name: string }[] }>(page, '/people?limit=1')).items[0]!;
      await page.getByTestId('menu-visits').click();
      await page.getByTestId('visit-record').click();
      await page.getByTestId('visit-place').fill('驷马社区3栋 联系户');
      await chooseOption(page, page.getByTestId('visit-person'), person.name, { type: person.name });
      await page.getByTestId('visit-situation').fill('执委每月联系：家中老人住院，已告知临时救助申请方式。');
      await page.getByTestId('visit-submit').click();
      await page.waitForURL(/\/visits\/\d+$/);

      await page.getByTestId('menu-my-duties').click();
      await page.waitForURL(/\/duties\/me$/);
      await expect
        .poll(() => page.getByTestId('duty-done-visits.made').textContent())
        .toBe(`${visits.done + 1} / ${visits.target}`);
    } finally {
      await context.close();
    }
  }, 120_000);
});
