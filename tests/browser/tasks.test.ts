import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiGet, browserForFile, chooseOption, openPage, signIn } from './helpers.js';

const browser = browserForFile();

/** Signs in as a user, runs the steps on one page, closes it. */
async function as(username: string, steps: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await openPage(browser());
  try {
    await signIn(page, username);
    await steps(page);
  } finally {
    await context.close();
  }
}
/** An antd InputNumber of a form field (its test id sits on the input or on its wrapper, by antd version). */
async function numberInput(page: Page, key: string) {
  const el = page.getByTestId(`field-${key}`);
  await el.waitFor();
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
}
const copyOf = async (page: Page, title: string) => {
  const items = (
    await apiGet<{ items: { taskId: number; assignmentId: number; title: string }[] }>(page, '/tasks?box=inbox')
  ).items;
  const hit = items.find((i) => i.title === title);
  if (!hit) throw new Error(`${title} is not in the work list`);
  return hit;
};

describe('一网协同: down the tree and the figures back up', () => {
  it('the city dispatches a form to every district, 开州 forwards it, a town fills it from its records, the district approves, the city sees the sum', async () => {
    const title = `三访情况 ${Date.now().toString(36)}`;
    let taskId = 0;
    await as('city.cadre', async (page) => {
      await page.goto('/tasks');
      await page.getByTestId('task-dispatch').click();
      await page.getByTestId('dispatch-title').fill(title);
      await chooseOption(page, page.getByTestId('dispatch-form-select'), '"三访"及诉求办理情况统计表');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tasks'),
        page.getByTestId('dispatch-submit').click(),
      ]);
      if (res.status() !== 201) throw new Error(`dispatch refused: ${res.status()} ${await res.text()}`);
      taskId = ((await res.json()) as { id: number }).id;
    });
    let forwardedId = 0;
    await as('kaizhou.cadre', async (page) => {
      await page.goto('/tasks');
      await page.getByTestId('tasks-table').getByText(title).click();
      await page.getByTestId('action-forward').click();
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/forward')),
        page.getByTestId('forward-ok').click(),
      ]);
      forwardedId = ((await res.json()) as { id: number }).id;
      await page.waitForURL(`**/tasks/${forwardedId}`);
      await page.getByTestId('board-table').getByText('汉丰街道妇联').waitFor();
    });
    await as('hanfeng.cadre', async (page) => {
      const copy = await copyOf(page, title);
      await page.goto(`/tasks/${copy.taskId}/assignments/${copy.assignmentId}`);
      // the figures the platform already holds are filled in and marked
      await page.getByTestId('from-records-visits').waitFor();
      await (await numberInput(page, 'families_helped')).fill('9');
      await page.getByTestId('action-submit').click();
      await page.getByTestId('state-submitted').waitFor();
    });
    await as('kaizhou.cadre', async (page) => {
      const board = await apiGet<{ rows: { assignmentId: number; org: { name: string } }[] }>(
        page,
        `/tasks/${forwardedId}/board`,
      );
      const hanfeng = board.rows.find((r) => r.org.name === '汉丰街道妇联')!;
      await page.goto(`/tasks/${forwardedId}/assignments/${hanfeng.assignmentId}`);
      await page.getByTestId('action-approve').click();
      await page.getByTestId('state-approved').waitFor();
      // its own copy starts from the sum of its towns: submitted up to the city
      const own = await copyOf(page, title);
      await page.goto(`/tasks/${own.taskId}/assignments/${own.assignmentId}`);
      const families = await numberInput(page, 'families_helped');
      await page.waitForFunction((el) => (el as HTMLInputElement).value === '9', await families.elementHandle());
      await page.getByTestId('action-submit').click();
      await page.getByTestId('state-submitted').waitFor();
    });
    await as('city.cadre', async (page) => {
      await page.goto(`/tasks/${taskId}`);
      await page.getByTestId('tab-aggregate').click();
      await page.getByTestId('aggregate-table').getByText('开州区妇联').waitFor();
      await page
        .getByTestId('aggregate-total')
        .getByText(/^1 \/ \d+$/)
        .waitFor();
    });
  });
});
