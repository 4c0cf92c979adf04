import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); `AB_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.AB_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** CI installs Chromium first (.ci/run): there a missing browser fails the suite instead of skipping. */
if (!hasChromium && process.env.CI) throw new Error(`browser tests: no Chromium at ${CHROMIUM} in CI`);

/** Flags for a root, offline machine: no sandbox, no GPU, no background calls home. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations of impact serious or critical on the page, as `id: target` lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's CSP (no inline script) stays on.
  await page.evaluate(axeSource);
  const found = await page.evaluate(`axe.run().then(({ violations }) => violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => v.id + ': ' + JSON.stringify(n.target))))`);
  return found as string[];
}

/**
 * Where the tests save their screenshots: `docs/console/` when `AB_SCREENSHOTS=1` (to refresh
 * the pictures in docs/console.md), else a temporary folder.
 */
export function screenshotDir(fallback: string): string {
  const dir = process.env.AB_SCREENSHOTS === '1' ? 'docs/console' : fallback;
  mkdirSync(dir, { recursive: true });
  return dir;
}
