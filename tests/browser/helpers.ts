import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  chromium,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Request,
} from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, inject } from 'vitest';

/** The server with demo data: named by JINGUO_BROWSER_BASE_URL, or started by global-setup.ts (which provides it). */
export const BASE_URL = process.env.JINGUO_BROWSER_BASE_URL || inject('baseUrl') || '';
export const DEMO_PASSWORD = 'Jinguo@2026';

/**
 * The last message the development SMS channel sent to the phone (as masked: 139****1001) whose text matches, in full:
 * what her phone would show. It is read from the server's log, the only place such a message is written in full (the
 * admin's 开发短信 page blanks codes and one-time passwords): demo-server.mjs keeps it in a file.
 */
export async function smsSentTo(masked: string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const file = process.env.JINGUO_BROWSER_SERVER_LOG || inject('serverLog');
  if (!file)
    throw new Error('the SMS a phone receives is read from the server log: name it (JINGUO_BROWSER_SERVER_LOG)');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    const prefix = `[sms:dev] to ${masked} (`;
    for (let i = lines.length - 1; i >= 0; i--) {
      if (!lines[i]!.startsWith(prefix)) continue;
      const found = pattern.exec(lines[i]!);
      if (found) return found;
    }
    if (Date.now() > deadline) throw new Error(`no SMS to ${masked} matching ${pattern} in the server log`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!BASE_URL) {
    throw new Error('JINGUO_BROWSER_BASE_URL is not set: the browser tests need a running server with demo data');
  }
  return chromium.launch({
    executablePath: process.env.JINGUO_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * One Chromium for the test file, launched before its tests and closed after them. Call it at the top level of the
 * file; the function it returns hands out the running browser.
 */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined;
  const flight = new FlightRecorder();
  beforeAll(async () => {
    browser = await launchBrowser();
    flight.watch(browser);
  }, 30_000);
  beforeEach((ctx) => {
    flight.reset();
    ctx.onTestFailed(() => flight.report(ctx.task.name));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser)
      throw new Error('the browser is not running: browserForFile() must be called at the top level of the test file');
    return browser;
  };
}

/**
 * What the pages of a test did, told when the test fails: the API requests with their status and time, the ones
 * still unanswered, console errors and page errors, and — taken as each context closes — the page's address, the
 * form errors and messages it showed, and a screenshot (test-results/browser/). A flow that stalls on a shared CI
 * machine then says whether the browser never asked, the server never answered, or the page refused.
 */
class FlightRecorder {
  private events: string[] = [];
  private pending = new Map<Request, number>();
  private shots: { name: string; png: Buffer }[] = [];
  private started = Date.now();

  reset(): void {
    this.events = [];
    this.pending.clear();
    this.shots = [];
    this.started = Date.now();
  }

  private note(line: string): void {
    this.events.push(`+${((Date.now() - this.started) / 1000).toFixed(1)}s ${line}`);
    if (this.events.length > 80) this.events.shift();
  }

  watch(browser: Browser): void {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
      const context = await newContext(...args);
      this.attach(context);
      return context;
    };
  }

  private attach(context: BrowserContext): void {
    const api = (r: Request) => new URL(r.url()).pathname.startsWith('/api/');
    context.on('request', (r) => {
      if (api(r)) this.pending.set(r, Date.now());
    });
    context.on('requestfinished', (r) => {
      const since = this.pending.get(r);
      if (since === undefined) return;
      this.pending.delete(r);
      void r
        .response()
        .then((res) =>
          this.note(`${r.method()} ${new URL(r.url()).pathname} → ${res?.status() ?? '?'} in ${Date.now() - since} ms`),
        );
    });
    context.on('requestfailed', (r) => {
      this.pending.delete(r);
      if (api(r)) this.note(`${r.method()} ${new URL(r.url()).pathname} failed: ${r.failure()?.errorText ?? '?'}`);
    });
    context.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') this.note(`console.${m.type()}: ${m.text().slice(0, 300)}`);
    });
    context.on('weberror', (e) => this.note(`page error: ${e.error().message.slice(0, 300)}`));
    const close = context.close.bind(context);
    context.close = async (...args: Parameters<BrowserContext['close']>) => {
      for (const page of context.pages()) await this.lastLook(page);
      for (const [r, since] of this.pending)
        this.note(
          `unanswered at close: ${r.method()} ${new URL(r.url()).pathname} (asked ${Date.now() - since} ms before)`,
        );
      this.pending.clear();
      return close(...args);
    };
  }

  private async lastLook(page: Page): Promise<void> {
    try {
      const shown = await page
        .locator('.ant-form-item-explain-error, .ant-message-notice, .ant-notification-notice, .ant-alert')
        .allInnerTexts();
      this.note(
        `page at close: ${page.url()}${
          shown.length
            ? ` showing: ${shown
                .map((t) => t.replace(/\s+/g, ' '))
                .join(' | ')
                .slice(0, 500)}`
            : ''
        }`,
      );
      this.shots.push({
        name: new URL(page.url()).pathname.replace(/\W+/g, '_'),
        png: await page.screenshot({ timeout: 5_000 }),
      });
    } catch (err) {
      this.note(`page at close: ${page.url()} (no last look: ${(err as Error).message.split('\n')[0]})`);
    }
  }

  report(test: string): void {
    const dir = resolve(import.meta.dirname, '../../test-results/browser');
    mkdirSync(dir, { recursive: true });
    const stem = test.replace(/[^\w\u4e00-\u9fff]+/g, '_').slice(0, 60);
    const files = this.shots.map((s, i) => {
      const file = resolve(dir, `${stem}-${i}${s.name}.png`);
      writeFileSync(file, s.png);
      return file;
    });
    console.log(
      [`flight recorder of the failed test "${test}":`, ...this.events, ...files.map((f) => `screenshot: ${f}`)].join(
        '\n  ',
      ),
    );
  }
}

export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('side-menu').waitFor();
  // Everyone lands on her workbench (home → /workbench, lazily loaded); a click made before the redirect settles can
  // be overtaken by it. A forced password change lands elsewhere and is left to the caller.
  if (!/^\/change-password/.test(new URL(page.url()).pathname)) {
    await page.waitForURL(/\/(workbench|change-password)$/);
  }
}

/**
 * Clicks a button of the open antd dialog once the dialog has finished its opening motion. The dialog zooms from the
 * click that opened it; a click aimed while it grows can be hit-tested on the small dialog and land, a frame later, on
 * whatever has grown under that point — seen once in portal-order: 接单's 确定 clicked, nothing sent.
 */
export async function clickInDialog(page: Page, testId: string): Promise<void> {
  await page.locator('.ant-modal:not([class*="-appear"]):not([class*="-enter"])').getByTestId(testId).click();
}

/** An antd Select or TreeSelect dropdown that is open and has finished its opening motion. */
export const OPEN_DROPDOWN =
  '.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-enter"]):not([class*="-appear"])';

/**
 * Chooses an option of an antd Select and waits until the select shows it. The option is clicked only once the
 * dropdown has finished opening (antd marks the motion with *-enter / *-appear classes): a click that lands during
 * the motion can fall between two renders of the list and choose nothing — seen under load, where a drawer was sent
 * with 角色 still empty. `type` filters a searchable select first (remote searches included).
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  label: string,
  opts: { type?: string; timeout?: number } = {},
): Promise<void> {
  await select.click();
  if (opts.type) await page.keyboard.type(opts.type);
  const option = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`).filter({ hasText: label }).first();
  await option.click({ timeout: opts.timeout });
  // the chosen value shows in the select (antd 6: .ant-select-content for one value, a tag per value for several)
  const root = select.locator(
    'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  await root
    .locator('.ant-select-content, .ant-select-selection-item')
    .filter({ hasText: label })
    .first()
    .waitFor({ timeout: opts.timeout });
}

export interface OrgRef {
  id: number;
  code: string;
  name: string;
  type: string;
  childCount?: number;
}

/** Reads the API with the page's session cookie (no acting-org header: the home org's scope). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`/api/v1${path}`);
  if (!res.ok()) throw new Error(`GET ${path} → ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function homeOrg(page: Page): Promise<OrgRef> {
  const me = await apiGet<{ homeOrg: OrgRef }>(page, '/auth/me');
  return me.homeOrg;
}

/** A tree row by org id. The tree is virtual: rows outside the viewport are not in the DOM. */
export function treeNode(page: Page, orgId: number): Locator {
  return page.getByTestId('org-tree').locator('.ant-tree-treenode', { has: page.locator(`[data-org-id="${orgId}"]`) });
}

/**
 * Scrolls the virtual tree until the org's row is rendered, then returns it. Rows outside the viewport are not in
 * the DOM, and children appear only once loaded: sweep top to bottom, again, until the deadline.
 */
export async function scrollTreeTo(page: Page, orgId: number, timeoutMs = 15_000): Promise<Locator> {
  const row = treeNode(page, orgId);
  const holder = page.getByTestId('org-tree').locator('.ant-tree-list-holder');
  const deadline = Date.now() + timeoutMs;
  while ((await row.count()) === 0) {
    if (Date.now() > deadline) throw new Error(`org ${orgId} never appeared in the tree`);
    const atEnd = await holder.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop += el.clientHeight / 2;
      return el.scrollTop === before;
    });
    if (atEnd) {
      await page.waitForTimeout(250);
      await holder.evaluate((el) => (el.scrollTop = 0));
    }
    await page.waitForTimeout(30);
  }
  await row.scrollIntoViewIfNeeded();
  return row;
}

/** Expands an org in the tree (clicking its switcher) and waits until its children have loaded. */
export async function expandTreeNode(page: Page, orgId: number): Promise<void> {
  const row = await scrollTreeTo(page, orgId);
  if ((await row.locator('.ant-tree-switcher_open').count()) === 0) await row.locator('.ant-tree-switcher').click();
  await row.locator('.ant-tree-switcher_open').waitFor();
  await row.locator('.ant-tree-switcher-loading-icon').waitFor({ state: 'detached' });
}

/** A 1×1 PNG, for uploads. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A staff member's API session (sign-in, then the CSRF header on every write). */
export async function staffApiFor(
  browser: Browser,
  username: string,
): Promise<{
  ctx: BrowserContext;
  post: (url: string, data: unknown) => Promise<any>;
  get: (url: string) => Promise<any>;
}> {
  const ctx = await browser.newContext({ baseURL: BASE_URL });
  const req: APIRequestContext = ctx.request;
  const login = await req.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  const csrf = (await ctx.cookies()).find((c) => c.name === 'jinguo_csrf')?.value ?? '';
  return {
    ctx,
    post: async (url, data) => {
      const r = await req.post(`/api/v1${url}`, { data, headers: { 'x-csrf-token': csrf } });
      const body = await r.json();
      if (!r.ok()) throw new Error(`POST ${url} → ${r.status()} ${JSON.stringify(body)}`);
      return body;
    },
    get: async (url) => (await req.get(`/api/v1${url}`)).json(),
  };
}

/** The one-time code her phone received (the development channel: the server log; the admin's page blanks it). */
export async function codeSentTo(phone: string): Promise<string> {
  return (await smsSentTo(`${phone.slice(0, 3)}****${phone.slice(7)}`, /验证码是 (\d{6})/))[1]!;
}
