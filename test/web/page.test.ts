/// <reference lib="dom" />
/**
 * The analysts' page in headless Chromium (Debian's, driven by playwright-core) against a real
 * server on 127.0.0.1 with its demo data: an analyst signs in, runs the demo plan and a scenario,
 * looks at the map and the charts, opens an explanation and compares the two plans.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webPageDir } from '../../src/plugins/webPage.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { processKey, startServer, type ServerProcess } from '../support/serverProcess.js';

const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Non-background pixels of a canvas inside `selector`: a drawn chart has many, an empty one none. */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (element) => {
    let painted = 0;
    for (const canvas of element.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (!context) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let at = 0; at < data.length; at += 4) if (data[at + 3]! > 0 && !(data[at]! > 245 && data[at + 1]! > 245 && data[at + 2]! > 245)) painted++;
    }
    return painted;
  });
}

/** Runs the form's plan and waits for its job to end; returns the status line. */
async function runPlan(page: Page): Promise<string> {
  const before = await page.$eval('#plan', (select) => (select as HTMLSelectElement).options.length);
  await page.click('#run');
  await page.waitForFunction((count) => (document.querySelector('#plan') as HTMLSelectElement).options.length > count && !(document.querySelector('#run') as HTMLButtonElement).disabled, before, { timeout: 120_000 });
  return (await page.textContent('#job-status')) ?? '';
}

describe.skipIf(!chromiumPath)('the analysts’ page', () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'court-assign-page-'));
  const shots = mkdtempSync(join(tmpdir(), 'court-assign-shots-'));
  /** Uncaught errors in the page: an analyst would see a broken page, so any fails the last test. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    expect(existsSync(join(webPageDir, 'index.html')), 'npm test builds the page first (pretest)').toBe(true);
    server = await startServer(dataDir);
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1800 }, locale: 'en-US' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong key and signs in with a good one', async () => {
    await page.goto(server.url);
    await page.fill('#api-key', 'not-a-key-of-this-service');
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#sign-in-error:not([hidden])');
    expect(await page.textContent('#sign-in-error')).toContain('unknown or revoked');
    await page.fill('#api-key', processKey);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#workspace:not([hidden])');
    // The demo dataset the server installs at start is there to pick, once the list has loaded (the
    // workspace shows first; waiting on it alone raced the datasets request in one CI run).
    await page.waitForFunction(() => [...(document.querySelector('#dataset') as HTMLSelectElement).options].some((option) => option.textContent?.includes('10000')), undefined, { timeout: 10_000 });
    expect(await page.$eval('#dataset', (select) => [...(select as HTMLSelectElement).options].map((option) => option.textContent).join())).toContain('10000');
  });

  it('uploads a CSV of cases as a dataset on the national network, and a plan request file as JSON', async () => {
    const csv = 'id,originCourtId,receivedAt,workload,livelihood,debtorId\nup-1,b130302,2024-01-05,1,yes,d1\nup-2,b130303,2024-02-01,2,,d1\n"up-3",b130302,2023-11-30,1,0,\n';
    await page.setInputFiles('#dataset-file', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => (document.querySelector('#dataset') as HTMLSelectElement).selectedOptions[0]?.textContent?.startsWith('inventory.csv'));
    expect(await page.$eval('#dataset', (select) => (select as HTMLSelectElement).selectedOptions[0]!.textContent)).toMatch(/inventory\.csv \(3 Cases, 3223\)/);
    const datasets = (await server.call('GET', '/v1/datasets').then((response) => response.json())) as { items: { name: string; cases: number; workload: number }[] };
    expect(datasets.items.find((dataset) => dataset.name === 'inventory.csv')).toMatchObject({ cases: 3, workload: 4 });
    // A plan request file is a dataset too: its courts, cases and deciding court are kept, the rest ignored.
    const request = fixtureRequest({ cases: [fixtureCase({ id: 'json-1' }), fixtureCase({ id: 'json-2', workload: 2 })] });
    await page.setInputFiles('#dataset-file', { name: 'request.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...request, options: { timeLimitMs: 1000 } })) });
    await page.waitForFunction(() => (document.querySelector('#dataset') as HTMLSelectElement).selectedOptions[0]?.textContent?.startsWith('request.json'));
    expect(await page.$eval('#dataset', (select) => (select as HTMLSelectElement).selectedOptions[0]!.textContent)).toContain(`(2 Cases, ${request.courts.length})`);
    // Back to the demo dataset for the plans that follow.
    const demo = await page.$eval('#dataset', (select) => [...(select as HTMLSelectElement).options].find((option) => option.textContent?.includes('10000'))!.value);
    await page.selectOption('#dataset', demo);
  });

  it('runs the demo plan with progress, and draws it on the map and in the charts', async () => {
    await page.fill('#policy input[name=timeLimitS]', '3');
    const status = await runPlan(page);
    expect(status).toMatch(/done/);
    await page.waitForFunction(() => Number((document.querySelector('#cases') as HTMLElement).dataset.rows) > 0);
    // The map is drawn once the China shapes are loaded: wait for paint, then count it.
    await page.waitForFunction(() => document.querySelectorAll('#map canvas').length > 0);
    await page.waitForTimeout(1_500);
    expect(await paintedPixels(page, '#map')).toBeGreaterThan(20_000);
    expect(await paintedPixels(page, '#utilisation')).toBeGreaterThan(2_000);
    expect(await page.textContent('#plan-summary')).toMatch(/Gap \d/);
  });

  it('filters by mode and opens a case’s explanation with its alternatives and the rule for every other court', async () => {
    const all = Number(await page.$eval('#cases', (table) => (table as HTMLElement).dataset.rows));
    await page.selectOption('#filter-mode', 'cross_region');
    await page.waitForFunction((count) => Number((document.querySelector('#cases') as HTMLElement).dataset.rows) < count, all);
    const crossRegion = await page.$$eval('#cases tbody tr td:nth-child(4)', (cells) => [...new Set(cells.map((cell) => cell.textContent))]);
    expect(crossRegion).toEqual(['cross-region']);
    await page.click('#cases tbody tr:first-child button.explain');
    await page.waitForSelector('#explanation:not([hidden]) .chosen');
    const explanation = (await page.textContent('#explanation')) ?? '';
    expect(explanation).toContain('Chosen');
    expect(explanation).toMatch(/Courts ruled out, and the rule \(\d+\)/);
    await page.selectOption('#filter-mode', 'all');
  });

  it('stops a long plan from the page: the job ends stopped and keeps the best plan found', async () => {
    await page.fill('#policy input[name=timeLimitS]', '120');
    const before = await page.$eval('#plan', (select) => (select as HTMLSelectElement).options.length);
    await page.click('#run');
    // Progress arrives from the job's event stream before the stop.
    await page.waitForFunction(() => /running · (lagrangian|local_search|greedy)/.test(document.querySelector('#job-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.click('#stop');
    await page.waitForFunction(() => (document.querySelector('#job-status') as HTMLElement).dataset.status === 'cancelled', undefined, { timeout: 60_000 });
    expect(await page.textContent('#job-status')).toContain('stopped');
    await page.waitForFunction((count) => (document.querySelector('#plan') as HTMLSelectElement).options.length > count, before);
    await page.fill('#policy input[name=timeLimitS]', '3');
  });

  it('runs a capacity scenario and compares it with the first plan, with CSV export', async () => {
    const map = (await server.call('GET', '/v1/plans?limit=1').then((response) => response.json())) as { items: { id: string }[] };
    const busiest = ((await server.call('GET', `/v1/plans/${map.items[0]!.id}`).then((response) => response.json())) as { courts: { courtId: string; load: number }[] }).courts.sort((a, b) => b.load - a.load)[0]!;
    await page.fill('#policy input[name=capacityTarget]', busiest.courtId);
    await page.fill('#policy input[name=capacityPercent]', '-50');
    expect(await runPlan(page)).toMatch(/done/);
    await page.click('#compare');
    await page.waitForSelector('#comparison:not([hidden]) table.kpis');
    const kpis = await page.$$eval('#comparison table.kpis tbody tr', (rows) => rows.map((row) => row.textContent ?? ''));
    expect(kpis.some((row) => row.startsWith('assignedCases'))).toBe(true);
    expect(await page.$$eval('#comparison table.courts tbody tr', (rows) => rows.map((row) => row.firstElementChild?.textContent))).toContain(busiest.courtId);
    const download = page.waitForEvent('download');
    await page.click('#comparison button.export-cases');
    const csv = await (await download).path();
    expect(csv).toBeTruthy();

    // Chinese, then the screenshot an analyst would see; it must not be blank.
    await page.click('#language');
    expect(await page.textContent('h1')).toContain('交叉执行规划');
    // Texts drawn from API answers follow the language too, once redrawn.
    await page.waitForFunction(() => document.querySelector('#cases button.explain')?.textContent === '说明' && document.querySelector('#comparison table.kpis th:nth-child(2)')?.textContent === '方案 A');
    await page.waitForTimeout(1_000);
    const shot = join(shots, 'page.png');
    const image = await page.screenshot({ path: shot, fullPage: true });
    writeFileSync(join(shots, 'size.txt'), String(image.length));
    expect(image.length).toBeGreaterThan(100_000);
    expect(await paintedPixels(page, '#map')).toBeGreaterThan(20_000);
    expect(pageErrors).toEqual([]);
  });
});
