// Real Chromium for browser tests (Debian's package, driven by playwright-core), and axe-core audits in it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Result as AxeViolation, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export type { AxeViolation };

/** The flags CI uses for Chromium (see STACK.md): headless, no sandbox, no background traffic. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WCAG 2.1 A and AA, plus axe's best practices (landmarks, heading order, …). */
export const axeRunOptions: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

const axeScriptPath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}: install Debian's chromium: apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH). Never run `npx playwright install`.',
    );
  }
  return chromium.launch({ executablePath, args: chromiumFlags });
}

/** Opens a URL in a fresh context; the caller closes `context`. Fails unless the page answers `expectedStatus`. */
export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions & { expectedStatus?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { expectedStatus = 200, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response?.status() !== expectedStatus) {
      throw new Error(`${url} answered ${response?.status() ?? 'nothing'}, expected ${expectedStatus}`);
    }
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Runs axe-core on the page and returns its violations. The page's context must have been opened
 * with `bypassCSP: true`: reader pages forbid every script, the injected one included.
 */
export async function findAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axeScriptPath });
  // A string, not a function: this project compiles without the DOM library, so `document` has no type here.
  const results = (await page.evaluate(`axe.run(document, ${JSON.stringify(axeRunOptions)})`)) as {
    violations: AxeViolation[];
  };
  return results.violations;
}

/** Every violation with its rule, impact and each offending element, for a failure report. */
export function formatAxeViolations(violations: AxeViolation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.html}\n      ${oneLine(node.failureSummary ?? '')}`)
        .join('\n');
      return `  [${violation.impact ?? 'n/a'}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

// "Fix any of the following:\n  reason\n  reason" → "Fix any of the following: reason; reason"
function oneLine(summary: string): string {
  const [heading = '', ...reasons] = summary
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return `${heading} ${reasons.join('; ')}`.trim();
}

export type PageTraffic = {
  /** Every request the page made, with the bytes that crossed the wire (headers and compressed body). */
  requests: { url: string; transferredBytes: number }[];
  transferredBytes: number;
};

/** Loads a URL in a fresh context and counts what it costs on the network, until the network goes quiet. */
export async function measurePageLoad(browser: Browser, url: string): Promise<PageTraffic> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = new Map<string, { url: string; transferredBytes: number }>();
    cdp.on('Network.requestWillBeSent', (event) => {
      // A redirect reuses the id: keep the hop already made as its own request.
      const previous = requests.get(event.requestId);
      if (previous) {
        previous.transferredBytes = event.redirectResponse?.encodedDataLength ?? 0;
        requests.set(`${event.requestId}:${previous.url}`, previous);
      }
      requests.set(event.requestId, { url: event.request.url, transferredBytes: 0 });
    });
    cdp.on('Network.loadingFinished', (event) => {
      const request = requests.get(event.requestId);
      if (request) request.transferredBytes = event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}, expected 200`);
    const list = [...requests.values()];
    return { requests: list, transferredBytes: list.reduce((sum, r) => sum + r.transferredBytes, 0) };
  } finally {
    await context.close();
  }
}
