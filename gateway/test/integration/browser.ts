/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The console in a real browser: Debian's headless Chromium driven by
 * puppeteer-core, one incognito context per signed-in user, so two users are
 * two independent sessions (their API keys live in each context's
 * sessionStorage). Elements are found by their accessible names and roles,
 * as a screen reader or a person would find them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type ElementHandle, type Page } from 'puppeteer-core';
import { Api } from './http-client';

/** Where the tests write the screenshots the README shows. */
export const SCREENSHOTS = path.resolve(__dirname, '../../../docs/console');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Chromium's executable: CHROMIUM_PATH, or Debian's package. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((candidate) => candidate !== undefined && existsSync(candidate));
  if (found === undefined) throw new Error("no Chromium found: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH");
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in CI has no user namespace sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--window-size=1280,900'],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** An accessible-name selector, optionally with a role. */
export function aria(name: string, role?: string): string {
  const escaped = name.replace(/"/g, '\\"');
  return role === undefined ? `::-p-aria(${escaped})` : `::-p-aria([name="${escaped}"][role="${role}"])`;
}

/** One user signed in to one organisation's console, in a browser context of its own. */
export class ConsoleSession {
  private constructor(
    readonly api: Api,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Opens the organisation's console and signs in with the user's demo API key. */
  static async signIn(browser: Browser, org: string, user: string): Promise<ConsoleSession> {
    const api = new Api(org, user);
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${api.baseUrl}/console/`, { waitUntil: 'load' });
    const session = new ConsoleSession(api, context, page);
    await session.fill('API key', api.apiKey);
    await session.click('Sign in');
    await page.waitForSelector('[aria-label="Signed-in user"]');
    return session;
  }

  /** The header's who-am-I text. */
  async signedInAs(): Promise<string> {
    return this.text('[aria-label="Signed-in user"]');
  }

  /** Follows a link of the main navigation and waits for its screen's heading. */
  async navigate(link: string, heading = link): Promise<void> {
    const nav = await this.page.waitForSelector('nav[aria-label="Main"]');
    const target = await nav!.waitForSelector(aria(link, 'link'));
    await target!.click();
    await this.heading(heading);
  }

  /** Opens a console route (e.g. `#/bonds/CN…`) and waits for the heading. */
  async open(route: string, heading: string | RegExp): Promise<void> {
    await this.page.goto(`${this.api.baseUrl}/console/${route}`, { waitUntil: 'load' });
    await this.heading(heading);
  }

  async heading(heading: string | RegExp): Promise<void> {
    await this.page.waitForFunction(
      (source: string, flags: string | null) => {
        const h1 = document.querySelector('h1');
        if (!h1) return false;
        return flags === null ? h1.textContent.trim() === source : new RegExp(source, flags).test(h1.textContent);
      },
      {},
      typeof heading === 'string' ? heading : heading.source,
      typeof heading === 'string' ? null : heading.flags,
    );
  }

  /** The element labelled `label` (inside `scope`, a selector, if given). */
  async field(label: string, scope?: string): Promise<ElementHandle> {
    const root = scope === undefined ? this.page : await this.page.waitForSelector(scope);
    const found = await root!.waitForSelector(aria(label));
    if (!found) throw new Error(`no field labelled ${label}`);
    return found;
  }

  async fill(label: string, value: string, scope?: string): Promise<void> {
    const input = await this.field(label, scope);
    await input.click({ count: 3 });
    await input.type(value);
  }

  async select(label: string, value: string, scope?: string): Promise<void> {
    const select = (await this.field(label, scope)) as ElementHandle<HTMLSelectElement>;
    await select.select(value);
  }

  async check(label: string, scope?: string): Promise<void> {
    const box = (await this.field(label, scope)) as ElementHandle<HTMLInputElement>;
    if (!(await box.evaluate((b) => b.checked))) await box.click();
  }

  async click(button: string, scope?: string): Promise<void> {
    const root = scope === undefined ? this.page : await this.page.waitForSelector(scope);
    const target = await root!.waitForSelector(aria(button, 'button'));
    await target!.click();
  }

  /** Clicks a write button and waits for the progress line to reach Committed; returns the transaction id it shows. */
  async submit(button: string, scope?: string): Promise<string> {
    await this.click(button, scope);
    const status = await this.page.waitForFunction(
      () => {
        const alert = document.querySelector('[role="alert"]');
        if (alert?.textContent.trim()) return `ALERT ${alert.textContent.trim()}`;
        const line = [...document.querySelectorAll('[role="status"]')].find((s) => /Committed/.test(s.textContent));
        return line?.querySelector('code')?.textContent.trim() ?? false;
      },
      { timeout: 90_000 },
    );
    const value = (await status.jsonValue()) as string;
    if (value.startsWith('ALERT ')) throw new Error(`the console showed an error: ${value.slice(6)}`);
    return value;
  }

  /** The text of the error alert once one shows. */
  async alert(): Promise<string> {
    const alert = await this.page.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent.trim() || false);
    return (await alert.jsonValue()) as string;
  }

  async text(selector: string): Promise<string> {
    const element = await this.page.waitForSelector(selector);
    return (await element!.evaluate((e) => e.textContent)).trim();
  }

  /** The rows of the table captioned `caption`, each a list of its cells' texts. */
  async table(caption: string): Promise<string[][]> {
    await this.page.waitForFunction(
      (c: string) => [...document.querySelectorAll('table caption')].some((e) => e.textContent.trim() === c),
      {},
      caption,
    );
    return this.page.evaluate((c: string) => {
      const table = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent.trim() === c);
      return [...(table?.tBodies[0]?.rows ?? [])].map((row) => [...row.cells].map((cell) => cell.textContent.trim()));
    }, caption);
  }

  /** Waits until `predicate` holds for the table's rows (the console polls or streams its updates). */
  async waitForRows(caption: string, predicate: (rows: string[][]) => boolean, timeoutMs = 60_000): Promise<string[][]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.table(caption);
      if (predicate(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`table ${caption} never matched: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** The names of the page's enabled buttons: every action, read or write, is a button here. */
  async buttons(): Promise<string[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input[type="submit"]')]
        .filter((control) => !control.disabled)
        .map((control) => `button: ${(control instanceof HTMLInputElement ? control.value : control.textContent).trim()}`),
    );
  }

  /** Writes `docs/console/<name>.png` once every section of the screen has loaded. */
  async screenshot(name: string): Promise<void> {
    await this.page.waitForFunction(() => !document.body.innerText.includes('Loading…'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
