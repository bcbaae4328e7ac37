import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startTestHub, type TestHub } from '../helpers/hub';
import { devToken } from '../server/support';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
if (!available) console.warn(`tests/browser skipped: ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run installs it)`);

(available ? describe : describe.skip)(`the GraphQL IDE in headless Chromium${available ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let hub: TestHub;
  let browser: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    hub = await startTestHub({ NODE_ENV: 'development' });
    profile = mkdtempSync(join(tmpdir(), 'simpul-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await hub?.close();
  });

  it('runs a query with an Authorization header set in the IDE, loading nothing from outside 127.0.0.1', async () => {
    const token = devToken({ sub: 'ide-test', role: 'OPERATOR' });
    const requests: string[] = [];
    const sentAuthorization: (string | undefined)[] = [];
    const problems: string[] = [];
    browser.on('request', (r) => {
      requests.push(r.url());
      if (r.method() === 'POST' && r.url().endsWith('/graphql') && r.postData()?.includes('kecamatan(')) sentAuthorization.push(r.headers().authorization);
    });
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));

    await page.goto(`http://127.0.0.1:${hub.port}/graphql`);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');

    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // insertText types without key events, so the editor's bracket closing adds nothing.
    await page.keyboard.insertText('{ kecamatan(code: "35.19.01") { name } }');

    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
    await headers.click();
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));

    await page.click('.graphiql-execute-button');
    // A locator waits from Playwright's own isolated world: the page's CSP forbids the eval a waitForFunction needs.
    await page.locator('.graphiql-response').filter({ hasText: 'Kebonsari' }).waitFor({ timeout: 20_000 });
    const result = await page.locator('.graphiql-response').innerText();
    expect(result).toContain('"name": "Kebonsari"');
    if (process.env.SIMPUL_IDE_SCREENSHOT) await page.screenshot({ path: process.env.SIMPUL_IDE_SCREENSHOT });

    expect(sentAuthorization).toEqual([`Bearer ${token}`]);
    const outside = requests.filter((u) => !/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:|about:)/.test(u));
    expect(outside).toEqual([]);
    expect(requests.some((u) => u.endsWith('/ide/graphiql.min.js'))).toBe(true);
    expect(problems).toEqual([]); // CSP violations and failed loads show up here
  });
});
