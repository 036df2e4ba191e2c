import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunDir, runPipeline, SHORT_PRESET } from '../pipeline/harness.js';

// Debian's chromium (apt-get install chromium); playwright-core drives it and downloads no browser.
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !process.env.CI) {
  console.warn(
    `report.html browser test skipped: ${CHROMIUM} not found (apt-get install chromium); CI runs it.`,
  );
}
// Flags for a quiet, offline, throw-away browser: no GPU, no sandbox (containers), nothing fetched in the background.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The plots report.html must show for this run, in page order: every stage logs what they need.
const PLOTS = [
  'validation-vs-steps',
  'validation-vs-seconds',
  'training-reward',
  'token-entropy',
  'response-length',
  'validation-categories',
];

describe.skipIf(!HAVE_CHROMIUM && !process.env.CI)('report.html in headless Chromium', () => {
  if (!HAVE_CHROMIUM) {
    it('has Chromium to test with', () => {
      throw new Error(
        `${CHROMIUM} not found: CI must install Debian's chromium (apt-get install -y chromium)`,
      );
    });
    return;
  }

  let runDir: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    runDir = newRunDir();
    // The shortened pipeline, with validation inside SFT and GRPO too, so the in-stage points are drawn.
    await runPipeline({
      runDir,
      config: SHORT_PRESET,
      set: [
        'sft.evalEvery=2',
        'sft.evalExamples=4',
        'sft.evalMaxTokens=6',
        'grpo.nGrpoSteps=2',
        'grpo.evalEvery=1',
        'grpo.evalExamples=4',
      ],
    });
    profile = mkdtempSync(join(tmpdir(), 'report-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1100, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(runDir, 'report.html')).href, { waitUntil: 'load' });
    if (process.env.REPORT_SCREENSHOT)
      await page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('loads from disk with no request but the file itself and no console error', () => {
    expect(requests).toEqual([pathToFileURL(join(runDir, 'report.html')).href]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows every plot as a drawn SVG with marks', async () => {
    expect(await page.title()).toBe('reasonrl pipeline report');
    const figures = page.locator('figure.plot');
    expect(await figures.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-plot')))).toEqual(PLOTS);
    expect(await page.locator('svg').count()).toBe(PLOTS.length);
    for (const id of PLOTS) {
      const svg = page.locator(`figure[data-plot="${id}"] svg`);
      const box = await svg.boundingBox();
      expect(box?.width, id).toBeGreaterThan(200);
      expect(box?.height, id).toBeGreaterThan(150);
      // vega's marks: one <path> per point/bar, one per line.
      expect(await svg.locator('g.role-mark path').count(), id).toBeGreaterThan(2);
    }
    // Validation points: two metrics after each of the 5 stages, plus SFT's and GRPO's own validation.
    const points = page.locator('figure[data-plot="validation-vs-steps"] svg g.mark-symbol path');
    expect(await points.count()).toBeGreaterThan(2 * 5);
    // Categories: one bar segment per (stage, category), zero-height ones included.
    expect(await page.locator('figure[data-plot="validation-categories"] svg g.mark-rect path').count()).toBe(
      5 * 3,
    );
  });

  it('has the stage table and the example rollouts of the first and last stage', async () => {
    expect(await page.locator('#stage-table tbody tr').count()).toBe(5);
    const examples = page.locator('#rollout-examples');
    expect(await examples.locator('thead th').allTextContents()).toEqual([
      'validation question',
      'response after 01-eval-zero-shot',
      'response after 05-eval-final',
    ]);
    expect(await examples.locator('tbody tr').count()).toBe(4);
    expect(await examples.locator('tbody tr').first().locator('td').first().textContent()).toMatch(/\?$/);
  });
});
