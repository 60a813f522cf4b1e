import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createLogger, loadConfig } from '../../src/lib';
import { startServer, stopServer, type RunningServer } from '../../src/main';
import { formatProbability } from '../../src/web/format';
import { launchBrowser, screenshotPath, type Browser } from '../support/browser';

jest.setTimeout(60_000);

/**
 * The workbench in a real browser against the real service (embedded store, sample data: found
 * person DEMO-FOUND-1 is the missing child of alert DEMO-ALERT-1's family). One browser and one
 * server for the file; the steps build on each other like an investigator's session.
 */
describe('Investigator workbench in chromium', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  let matchId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reunion-web-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKERS: '1', HUB_DELIVERY: 'false' });
    [server, browser] = await Promise.all([
      startServer(config, { logger: createLogger({ level: 'silent' }), print: () => undefined }),
      launchBrowser(),
    ]);
    page = await browser.context.newPage();
    page.on('request', (r) => requested.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  });

  afterAll(async () => {
    await browser?.close();
    await stopServer();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(key: string): Promise<void> {
    await page.getByTestId('api-key').fill(key);
    await page.getByTestId('sign-in').click();
  }

  it('when an investigator signs in with the keyboard alone, then the cases list shows the demo cases and the key is in no URL and no storage', async () => {
    const key = server.demoKeys.investigator!;
    await page.goto(`${server.url}/app/`);
    await page.getByTestId('api-key').waitFor();
    const focused = (expression: string) => page.evaluate<string>(`(() => { const e = document.activeElement; return ${expression}; })()`);

    expect(await focused('e.id')).toBe('page-heading');
    await page.keyboard.press('Tab');
    expect(await focused('e.dataset.testid')).toBe('api-key');
    expect(await focused('getComputedStyle(e).outlineStyle')).toBe('solid');
    await page.keyboard.type(key);
    await page.keyboard.press('Enter');
    await page.getByTestId('case-row').first().waitFor();

    expect(await page.getByTestId('case-row').count()).toBe(3);
    expect(await page.getByTestId('api-key').count()).toBe(0);
    const storage = await page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(storage).not.toContain(key);
    expect(requested.join('\n')).not.toContain(key);
    expect(page.url()).not.toContain(key);
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'reunion_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie.value).not.toContain(key);
  });

  it('when the demo case is opened, then its pedigree marks the missing child, its candidate is listed with its LR, database posteriors over families and over found persons and exceedance, and its power is estimated on demand', async () => {
    await page.getByTestId('case-row').filter({ hasText: 'DEMO-ALERT-1' }).getByRole('link').click();
    await page.getByTestId('candidate-row').first().waitFor();

    const pedigree = page.getByTestId('pedigree');
    expect(await pedigree.locator('[data-missing="true"]').count()).toBe(1);
    expect(await pedigree.locator('[data-typed="true"]').count()).toBe(2);
    expect(await pedigree.locator('[data-sex="male"] rect').count()).toBeGreaterThanOrEqual(2);
    expect(await pedigree.locator('[data-sex="female"] circle').count()).toBe(1);
    expect(await page.getByTestId('candidate-row').count()).toBe(1);
    expect(await page.getByTestId('candidate-lr').first().textContent()).toMatch(/10/);
    expect(await page.getByTestId('candidate-posterior').first().textContent()).toMatch(/\d/);
    expect(await page.getByTestId('candidate-posterior-over-found-persons').first().textContent()).toMatch(/\d/);
    expect(await page.getByTestId('candidate-exceedance').first().textContent()).toMatch(/^\d\.\d\d × 10⁻/);
    expect(await page.getByTestId('expected-false').textContent()).toMatch(/\d/);

    await page.getByTestId('power-estimate').press('Enter');
    await page.getByTestId('power-row').first().waitFor();

    expect(await page.getByTestId('power').textContent()).toMatch(/meets the policy: \d+\.\d %/);
    await page.screenshot({ path: screenshotPath('case-page'), fullPage: true });
  });

  it('when the review is opened, then every locus has a row, the posterior over found persons, the chart, the alternatives and the evidence are shown, and confirming shows the new status and history', async () => {
    await page.getByTestId('candidate-row').first().getByTestId('open-review').click();
    await page.getByTestId('locus-row').first().waitFor();
    matchId = decodeURIComponent(new URL(page.url()).hash.replace('#/matches/', ''));
    const match = (await (await page.request.get(`${server.url}/v1/matches/${matchId}`)).json()) as {
      loci: Array<{ locus: string }>; databasePosteriorOverFoundPersons: number;
    };
    await page.getByTestId('locus-row').first().locator('td').first().filter({ hasText: /\d/ }).waitFor();

    expect(await page.getByTestId('locus-row').count()).toBe(match.loci.length);
    expect(await page.getByTestId('lr-chart').locator('rect').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('match-status').textContent()).toBe('candidate');
    expect(await page.getByTestId('match-posterior-over-found-persons').textContent()).toBe(formatProbability(match.databasePosteriorOverFoundPersons));
    expect(await page.getByTestId('unrelated-curve').count()).toBe(1);
    const claim = page.getByTestId('alternative-row').filter({ hasText: 'the missing child (claim)' });
    expect(await claim.getByRole('rowheader').textContent()).toContain('most likely');
    expect(await page.getByTestId('indistinguishable-note').textContent()).toContain('full sibling');
    expect(await page.getByTestId('evidence').getByRole('row').count()).toBe(4);
    expect(await page.getByTestId('evidence').textContent()).toContain('both male');
    await page.screenshot({ path: screenshotPath('review-page'), fullPage: true });

    await page.getByTestId('decision-note').fill('Parents and child consistent at every locus; re-sample on file.');
    await page.getByTestId('decision-confirm').click();
    await page.getByTestId('decision-result').waitFor();
    await page.getByTestId('review-row').first().waitFor();

    expect(await page.getByTestId('match-status').textContent()).toBe('confirmed');
    expect(await page.getByTestId('review-row').count()).toBe(1);
    expect(await page.getByTestId('decision-confirm').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('review-confirmed'), fullPage: true });
  });

  it('when the page is switched to Chinese at phone width, then the labels come from the Chinese catalogue and nothing overflows the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('language').selectOption('zh');

    await page.getByRole('heading', { level: 1, name: '比中复核' }).waitFor();

    expect(await page.getByTestId('match-status').textContent()).toBe('已确认');
    expect(await page.getByTestId('alternative-row').first().getByRole('rowheader').textContent()).toContain('最可能');
    expect(await page.getByText('找到人员全库后验概率', { exact: true }).count()).toBe(1);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('review-zh-390px'), fullPage: true });
    await page.getByTestId('language').selectOption('en');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('when the investigator signs out, then the sign-in form returns and the old cookie no longer opens the API', async () => {
    const before = (await browser.context.cookies()).find((c) => c.name === 'reunion_session')!.value;

    await page.getByTestId('sign-out').click();
    await page.getByTestId('api-key').waitFor();

    const replay = await fetch(`${server.url}/v1/cases`, { headers: { Cookie: `reunion_session=${before}` } });
    expect(replay.status).toBe(401);
  });

  it('when a lab key signs in and opens the review page, then the page shows a readable refusal', async () => {
    await signIn(server.demoKeys.lab!);
    await page.getByTestId('signed-in-as').waitFor();

    await page.goto(`${server.url}/app/#/matches/${encodeURIComponent(matchId)}`);
    await page.getByTestId('forbidden').first().waitFor();

    expect(await page.getByTestId('forbidden').first().textContent()).toMatch(/role \(lab\) may not open this page/);
    expect(await page.getByTestId('locus-row').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('lab-refused'), fullPage: true });
  });

  it('when the whole session has run, then the page broke no Content-Security-Policy rule and logged no error but the refusals', () => {
    expect(consoleErrors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
  });
});
