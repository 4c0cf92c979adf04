import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/jobs/index.ts';
import {
  CHROMIUM,
  hasChromium,
  launchBrowser,
  screenshotDir,
  seriousViolations,
} from '../helpers/browser.ts';
import { aamOutboundName, aamOutboundRow, ecid, INVALID_ECID } from '../helpers/dropFiles.ts';
import { startTestStack, type TestStack } from '../helpers/localStack.ts';

const PAGES = ['overview', 'jobs', 'lists', 'audiences', 'data-sources', 'partners', 'drop'];

describe.skipIf(!hasChromium)(
  `console in Chromium (skipped when there is no Chromium at ${CHROMIUM})`,
  () => {
    let stack: TestStack;
    let browser: Browser;
    let page: Page;
    const shots = screenshotDir(mkdtempSync(join(tmpdir(), 'ab-shots-')));

    /** The figure under a counter's label (`dl.counters`), as shown. */
    const counter = (label: string) =>
      page
        .locator('dl.counters > div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .first()
        .locator('dd')
        .textContent();

    const open = async (hash: string) => {
      await page.goto(`${stack.apiUrl}/console/#/${hash}`);
      await page.locator('main h1').first().waitFor();
    };

    beforeAll(async () => {
      stack = await startTestStack();
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // Recipient r-1 has ECID 1; ECID 2 matches nobody.
      await stack.fetchJson('/v1/recipients/r-1', { method: 'PUT', body: { email: 'a@example.com' } });
      await stack.fetchJson('/v1/identities/links', {
        body: { recipientId: 'r-1', ids: [{ namespace: 'ecid', value: ecid(1) }] },
      });
    });

    afterAll(async () => {
      await browser?.close();
      await stack?.stop();
    });

    it('signs in from this machine and shows every page a full-scope token may see', async () => {
      await page.goto(`${stack.apiUrl}/console/`);
      await page.getByRole('button', { name: 'Sign in locally (this machine only)' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      const nav = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
      expect(nav).toEqual([
        'Overview',
        'Drops and jobs',
        'Lists',
        'Shared audiences',
        'Data sources',
        'Partners',
        'Inspect and drop',
      ]);
    });

    it('inspects a file in the browser without uploading it, then drops it and follows its job to its rejected lines', async () => {
      const name = aamOutboundName({ kind: 'iter', masterDpid: 5678 });
      const body = [
        aamOutboundRow(ecid(1), ['4321']),
        aamOutboundRow(ecid(2), ['4321']),
        aamOutboundRow(INVALID_ECID, ['4321']),
        '',
      ].join('\n');
      await open('drop');
      await page.setInputFiles('#drop-file', { name, mimeType: 'text/plain', buffer: Buffer.from(body) });
      await page.getByRole('heading', { name: 'Receipt (read in the browser, nothing uploaded)' }).waitFor();
      expect(await counter('Lines read')).toBe('3');
      expect(await counter('Invalid IDs')).toBe('1');
      const listed = await stack.runtime.clients.s3.send(
        new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: 'inbound/' }),
      );
      expect(listed.KeyCount).toBe(0);

      await page.getByRole('button', { name: `Drop as inbound/${name}` }).click();
      await page.getByRole('link', { name: `ingest:inbound/${name}` }).click();
      await page.getByText('succeeded').first().waitFor({ timeout: 20_000 });
      expect(await counter('Records processed')).toBe('2');
      expect(await counter('Unmatched IDs')).toBe('1');
      expect(await counter('Memberships added')).toBe('1');
      const { body: job } = await stack.fetchJson<Job>(
        `/v1/jobs/${encodeURIComponent(`ingest:inbound/${name}`)}`,
      );
      const rejected = await page
        .getByRole('table', { name: /Line number and reason/ })
        .locator('tbody tr')
        .allInnerTexts();
      expect(job.receipt.errors).toHaveLength(1);
      expect(rejected).toEqual(job.receipt.errors.map((e) => `${e.line}\t${e.reason}`));
      expect(rejected[0]).toMatch(/^3\t/);

      const link = page.getByRole('link', { name: `rejected/inbound/${name}.tsv` });
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toContain('X-Amz-Expires=300');
      const text = await page.evaluate(async (url) => (await fetch(url)).text(), href);
      expect(text.split('\n')[0]).toMatch(/^3\t/);
    });

    it("shows the API's own message under the field it names, then saves and exports a shared audience with its files", async () => {
      await stack.fetchJson('/v1/data-sources/visitors', {
        method: 'PUT',
        body: {
          kind: 'visitor',
          dpid: 1234,
          reconciliationKey: 'recipientId',
          encoding: 'plain',
          channel: 'other',
        },
      });
      await open('audiences');
      await page.getByLabel('Name', { exact: true }).fill('partner-a');
      await page.getByLabel('List', { exact: true }).fill('aam.4321');
      await page.getByLabel('Data source', { exact: true }).fill('visitors');
      await page.getByRole('button', { name: 'Save' }).click();
      const api = await stack.fetchJson<{ error: { message: string } }>('/v1/shared-audiences/x', {
        method: 'PUT',
        body: {
          listId: 'aam.4321',
          dataSource: 'visitors',
          format: 'aam-inbound',
          mode: 'incremental',
          schedule: 'manual',
        },
      });
      await expect.poll(() => page.locator('#f-traitId-error').textContent()).toBe(api.body.error.message);
      await expect.poll(() => page.locator('#f-traitId').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Trait ID').fill('777');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved partner-a.').waitFor();
      await page.getByRole('button', { name: 'Export now: partner-a' }).click();
      const follow = page.locator('.follow');
      await follow.getByText('succeeded').waitFor({ timeout: 20_000 });
      await follow.locator('pre.code').waitFor();
      const files = await follow.getByRole('table').getByRole('link').allTextContents();
      expect(files.map((f) => f.replace(/\d{10,}/g, 'TS').replace(/date=[\d-]+/, 'date=D'))).toEqual([
        'receipts/export:partner-a:TS.json',
        'outbound/partner-a/date=D/ftp_dpm_1234_TS.sync',
        'outbound/partner-a/date=D/ftp_dpm_1234_TS.info',
      ]);
      expect(await follow.locator('pre.code').textContent()).toContain('"TotalNumberLines": 1');
    });

    it('leaves no serious or critical accessibility violation on any page, at desktop and phone sizes', async () => {
      for (const size of [
        { width: 1280, height: 800, suffix: '' },
        { width: 390, height: 844, suffix: '-phone' },
      ]) {
        await page.setViewportSize(size);
        const { body } = await stack.fetchJson<{ jobs: Job[] }>('/v1/jobs');
        const drop = body.jobs.find((j) => j.type === 'ingest');
        const views: Array<[string, string]> = [
          ...PAGES.map((name): [string, string] => [name, name]),
          ['job', `jobs/${encodeURIComponent(drop?.jobId ?? '')}`],
          ['list', 'lists/aam.4321'],
        ];
        for (const [name, hash] of views) {
          await open(hash);
          await page.waitForLoadState('networkidle');
          expect(await seriousViolations(page), name).toEqual([]);
          await page.screenshot({ path: join(shots, `${name}${size.suffix}.png`) });
        }
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    it('is usable with the keyboard alone: skip link, menu on a phone, every page reachable', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open('overview');
      // As a person arriving at the page: focus starts at the top, not where the last test left it.
      await page.reload();
      await page.locator('main h1').first().waitFor();
      const focused = () => page.evaluate('document.activeElement?.textContent');
      const tab = async (expected: string) => {
        await page.keyboard.press('Tab');
        await expect.poll(focused).toBe(expected);
      };
      await tab('Skip to content');
      await tab('Menu');
      await page.keyboard.press('Enter');
      for (const link of ['Sign out', 'Overview', 'Drops and jobs', 'Lists']) await tab(link);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Lists' }).waitFor();
      await page.setViewportSize({ width: 1280, height: 800 });
    });
  },
);
