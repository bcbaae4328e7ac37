import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { readManifest, registerDocuments } from '../../src/auth/trustedDocuments';
import { Enrollment } from '../../src/db/models/programme';
import { Household, type HouseholdDoc } from '../../src/db/models/household';
import { Discrepancy, type DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { buildBareSchema } from '../../src/server/schema';
import { runCommand } from '../helpers/command';
import { startTestHub, type TestHub } from '../helpers/hub';
import { countBy } from '../helpers/regency';
import { importAll, tempDir, writeScenario } from '../integration/helpers';
import { budgeted, UNITS } from '../helpers/budget';

/*
 * The reference dashboard (examples/dashboard), built with Vite, served from another origin than the hub, used by
 * a TKSK in headless Chromium: the browser goes through CORS and sends the dashboard's registered document by hash.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = existsSync(CHROMIUM);
const ROOT = join(__dirname, '..', '..');
const MASKED_NIK = /^NIK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

/** Serves a built page's files, as any static host would; nothing else. */
function staticServer(dir: string): Server {
  return createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
}

(available ? describe : describe.skip)(`the reference dashboard in headless Chromium${available ? '' : ` (skipped: ${CHROMIUM} is absent)`}`, () => {
  let hub: TestHub;
  let site: Server;
  let siteOrigin: string;
  let browser: BrowserContext;
  let profile: string;
  let dist: string;
  let kecamatan: string;
  let households: HouseholdDoc[];
  const extracts = tempDir('dashboard-extracts');

  beforeAll(
    ...budgeted("building the dashboard, launching Chromium, and importing the tiny regency's extracts into a hub's database", UNITS.dashboard + UNITS.importTiny, async () => {
      dist = mkdtempSync(join(tmpdir(), 'simpul-dashboard-'));
      const built = await runCommand('examples/dashboard/build.mjs', [dist], {});
      if (built.code !== 0) throw new Error(`vite build failed: ${built.stderr}`);
      site = staticServer(dist).listen(0, '127.0.0.1');
      await once(site, 'listening');
      siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      hub = await startTestHub({ SIMPUL_CORS_ORIGINS: siteOrigin, SIMPUL_TRUSTED_DOCUMENTS_ONLY: 'dashboard' });
      // Imported from the sources' extracts, so the families carry the discrepancies the import finds.
      const written = await writeScenario(SCENARIOS.tiny, extracts.dir);
      await importAll(written.extracts);
      const manifest = readFileSync(join(ROOT, 'examples/dashboard/src/gql/persisted-documents.json'), 'utf8');
      await registerDocuments('dashboard', readManifest(manifest, buildBareSchema()));
      const all = await Household.find({}).lean<HouseholdDoc[]>();
      // The kecamatan with the most open discrepancies, then the most families.
      const open = countBy(await Discrepancy.find({ status: 'OPEN' }).lean<DiscrepancyDoc[]>(), (d) => d.kecamatanCode);
      const counts = countBy(all, (h) => h.kecamatanCode);
      const rank = (k: string) => (open[k] ?? 0) * 1000 + counts[k]!;
      kecamatan = Object.keys(counts).sort((a, b) => rank(b) - rank(a) || (a < b ? -1 : 1))[0]!;
      households = all.filter((h) => h.kecamatanCode === kecamatan).sort((a, b) => (a._id < b._id ? -1 : 1));
      profile = mkdtempSync(join(tmpdir(), 'simpul-chromium-'));
      browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    }),
  );
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dist) rmSync(dist, { recursive: true, force: true });
    site?.close();
    extracts.remove();
    await hub?.close();
  });

  it('shows a TKSK the households of its kecamatan with masked NIKs, their aid and discrepancies, asked for by hash across origins', async () => {
    const token = await hub.token({ role: 'TKSK', kecamatan: [kecamatan], client_id: 'dashboard' });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    // Chromium reports CORS preflights to the DevTools protocol only.
    const cdp = await browser.newCDPSession(page);
    const preflights: string[] = [];
    cdp.on('Network.requestWillBeSent', (e) => e.request.method === 'OPTIONS' && preflights.push(e.request.url));
    await cdp.send('Network.enable');
    const posts: { body: any; headers: Record<string, string> }[] = [];
    const answers: Record<string, string>[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url() === hub.url && posts.push({ body: r.postDataJSON(), headers: r.headers() }));
    page.on('response', (r) => r.request().method() === 'POST' && r.url() === hub.url && answers.push(r.headers()));

    await page.goto(`${siteOrigin}/#${new URLSearchParams({ hub: hub.url, token, kecamatan })}`);
    await page.locator('tbody tr').first().waitFor({ timeout: 30_000 });

    const rows = await page.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-household'),
        desa: tr.getAttribute('data-desa'),
        nik: tr.querySelector('.nik')?.textContent,
        aid: tr.querySelector('.aid')?.textContent,
        discrepancies: tr.querySelector('.discrepancies')?.textContent,
      })),
    );
    if (process.env.SIMPUL_DASHBOARD_SCREENSHOT) await page.screenshot({ path: process.env.SIMPUL_DASHBOARD_SCREENSHOT, fullPage: true });
    // The first page of the kecamatan's households, in id order, and nothing of another kecamatan.
    expect(rows.map((r) => r.id)).toEqual(households.slice(0, 20).map((h) => h._id));
    expect(await page.getByTestId('total').innerText()).toBe(`${households.length} keluarga`);
    for (const r of rows) {
      expect(r.desa!.startsWith(`${kecamatan}.`)).toBe(true);
      expect(r.nik === '—' || MASKED_NIK.test(r.nik!)).toBe(true);
      expect(r.aid).toMatch(/^(—|[A-Z_]+ \([A-Z_]+\)(, [A-Z_]+ \([A-Z_]+\))*)$/);
      expect(r.discrepancies).toMatch(/^(—|[A-Z_]+(, [A-Z_]+)*)$/);
    }
    expect(rows.some((r) => MASKED_NIK.test(r.nik!))).toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(/\b\d{16}\b/);
    // Aid shows where the family has any: the household-level enrolments of the rows on the page.
    const onPage = new Set(rows.map((r) => r.id));
    const aided = (await Enrollment.find({}).lean<{ householdId: string }[]>()).filter((e) => onPage.has(e.householdId));
    if (aided.length > 0) expect(rows.some((r) => r.aid !== '—')).toBe(true);
    // Open discrepancies about a family on the page, or about its members, show as their kinds.
    const openOnPage = (await Discrepancy.find({ status: 'OPEN' }).lean<DiscrepancyDoc[]>()).filter((d) => d.householdId !== null && onPage.has(d.householdId));
    if (openOnPage.length > 0) expect(rows.some((r) => r.discrepancies !== '—')).toBe(true);

    // The browser asked the hub's origin for permission first (Authorization is not a simple header) ...
    expect(preflights).toContain(hub.url);
    expect(answers[0]?.['access-control-allow-origin']).toBe(siteOrigin);
    // ... and sent the dashboard's registered document by hash only, with the TKSK's token.
    expect(posts.length).toBeGreaterThan(0);
    for (const { body, headers } of posts) {
      expect(body.query).toBeUndefined();
      expect(body.extensions.persistedQuery.sha256Hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(headers.authorization).toBe(`Bearer ${token}`);
      expect(headers['apollographql-client-name']).toBe('dashboard');
    }
    expect(problems).toEqual([]);
  });
});
