import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { startHubStandIn } from './hub-stand-in';
import { probePath } from './reference';
import { startStaticHost, type StaticHost } from './static-server';
import { addLabels, dropFiles, expectRanked } from './tagger-page';

/**
 * The production build (`npm run build`, dist/) on a plain static host: no COOP/COEP headers, mounted
 * below a path of its own. The service worker must isolate the page, keep the app and the models it
 * loaded for visits without a network, and offer a new version when one is deployed.
 */
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const MODELS = fileURLToPath(new URL('../fixtures/models', import.meta.url));
const BASE = '/any/base/path/';
const MODEL = 'cliptag/toy-clip';
const LABELS = ['red circle', 'blue square', 'yellow triangle'];

let host: StaticHost | null = null;
let hub: Server | null = null;
/** Builds this test deployed besides dist/, removed after it. */
const deployed: string[] = [];

/** Serves `root` at BASE on CLIPTAG_STATIC_PORT; only the `wasm` project runs these tests. */
async function serve(testInfo: TestInfo, root = DIST): Promise<StaticHost> {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'the service worker does not depend on the device');
  expect(existsSync(join(root, 'sw.js')), `${root} holds no production build: run npm run build`).toBe(true);
  host = await startStaticHost(root, { base: BASE });
  return host;
}

/** A Hub stand-in of this test's own, on a free port, so that the test can take it away. */
async function startHub(): Promise<string> {
  hub = (await startHubStandIn(MODELS, 0)).server;
  return `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
}

async function stopServers(): Promise<void> {
  await host?.close();
  host = null;
  const stopping = hub;
  hub = null;
  if (stopping) await new Promise((resolve) => stopping.close(resolve));
}

test.afterEach(async () => {
  await stopServers();
  for (const dir of deployed.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Takes the network away: the browser goes offline, and the app's host and the Hub stop as well. */
async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await stopServers();
}

async function rankPhoto(page: Page, photo: string): Promise<void> {
  await expect(page.getByTestId('device-status')).toContainText(MODEL);
  await addLabels(page, LABELS);
  await dropFiles(page, [probePath(photo)]);
  await expectRanked(page, [photo], LABELS.length);
}

/**
 * Waits until the service worker has precached the app and is active. It does not take over the page
 * that installed it: that visit runs as without one, and the worker serves the next load.
 */
async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  expect(await page.evaluate(() => navigator.serviceWorker.controller), 'the first visit stays uncontrolled').toBe(
    null,
  );
}

/** Reloads the page, which the service worker then serves. */
async function reloadControlled(page: Page): Promise<void> {
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
}

/** Every URL in Cache Storage, by cache: workbox's precache and transformers.js's model cache. */
async function cachedUrls(page: Page): Promise<{ precache: string[]; models: string[] }> {
  return page.evaluate(async () => {
    const urlsIn = async (prefix: string) => {
      const names = (await caches.keys()).filter((name) => name.startsWith(prefix));
      const keys = await Promise.all(names.map(async (name) => (await caches.open(name)).keys()));
      return keys.flat().map((request) => request.url);
    };
    return { precache: await urlsIn('workbox-precache'), models: await urlsIn('transformers-cache') };
  });
}

/** Reloads without a network and ranks a photo the page has not seen, timing both steps. */
async function reloadOfflineAndRank(page: Page, photo: string, testInfo: TestInfo): Promise<void> {
  const start = performance.now();
  await page.reload();
  await expect(page.getByTestId('device-status')).toContainText(MODEL);
  const modelReady = performance.now() - start;
  await rankPhoto(page, photo);
  const ranked = performance.now() - start;
  const timing = { modelReadyMs: Math.round(modelReady), firstRankingMs: Math.round(ranked) };
  console.log(`${testInfo.title}: offline reload ${JSON.stringify(timing)}`);
  await testInfo.attach('offline-reload-timing.json', {
    body: JSON.stringify(timing),
    contentType: 'application/json',
  });
}

test('the built-in demo model: a second visit works offline, cross-origin isolated by the service worker', async ({
  page,
  context,
}, testInfo) => {
  const app = await serve(testInfo);
  await page.goto(`${app.url}?model=${encodeURIComponent(MODEL)}`);
  await rankPhoto(page, 'red-circle-64.png');
  await serviceWorkerReady(page);
  const { precache } = await cachedUrls(page);
  const precached = (pattern: RegExp) => precache.filter((url) => pattern.test(new URL(url).pathname));
  expect(
    precache.every((url) => url.startsWith(app.url)),
    'only the app itself is precached',
  ).toBe(true);
  for (const pattern of [
    /\/index\.html$/,
    /\/assets\/index-[\w-]+\.js$/,
    /\/assets\/index-[\w-]+\.css$/,
    /\/assets\/model-worker-[\w-]+\.js$/,
    /\/assets\/photo-worker-[\w-]+\.js$/,
    /\/assets\/ort-wasm-simd-threaded-[\w-]+\.(wasm|mjs)$/,
    /\/assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.(wasm|mjs)$/,
    /\/demo\/red-circle-64\.png$/,
    /\/manifest\.webmanifest$/,
  ]) {
    expect(precached(pattern).length, `precached: ${pattern}`).toBeGreaterThan(0);
  }
  expect(precached(/\/assets\/ort-wasm-.*\.(wasm|mjs)$/).length, 'both ONNX Runtime builds').toBe(4);
  // Model weights are fetched only when a person picks a model, and kept by transformers.js, the demo's too.
  expect(precached(/\.onnx$/), 'no model weights').toEqual([]);
  // The host sent no headers, and the worker serves the page only from its next load on (no reload of its own).
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('device-status')).toContainText('WASM, 1 thread');

  await reloadControlled(page);
  expect(await page.evaluate(() => crossOriginIsolated), 'the worker adds COOP/COEP').toBe(true);
  await expect(page.getByTestId('device-status')).toContainText(/WASM, \d+ threads?/);
  const headers = await page.evaluate(async () => {
    const response = await fetch('manifest.webmanifest');
    return Object.fromEntries(response.headers);
  });
  expect(headers, "isolation and security headers added, the host's own kept").toMatchObject({
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-type': 'application/manifest+json',
  });
  expect(headers['content-security-policy'], 'the policy reaches the workers as a header').toMatch(
    /connect-src 'self' https:\/\/huggingface\.co .*frame-ancestors 'none'$/,
  );

  await goOffline(context);
  await reloadOfflineAndRank(page, 'blue-square-64.png', testInfo);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const demoPhotos = await page.evaluate(async () => {
    const { photos } = (await (await fetch('demo/manifest.json')).json()) as { photos: string[] };
    return Promise.all(photos.map(async (photo) => (await fetch(`demo/${photo}`)).status));
  });
  expect(demoPhotos.length, 'the demo photos are precached too').toBeGreaterThan(0);
  expect(demoPhotos.every((status) => status === 200)).toBe(true);
});

test('a model from the Hub, downloaded online, loads from Cache Storage offline', async ({
  page,
  context,
}, testInfo) => {
  const app = await serve(testInfo);
  const hubUrl = await startHub();
  await page.goto(`${app.url}?host=${encodeURIComponent(hubUrl)}&model=${encodeURIComponent(MODEL)}`);
  await rankPhoto(page, 'red-circle-64.png');
  await expect(page.getByTestId('device-status')).toContainText(' · q8 · ');
  await serviceWorkerReady(page);
  const { precache, models } = await cachedUrls(page);
  expect(
    precache.filter((url) => url.startsWith(hubUrl)),
    'nothing from the Hub is precached',
  ).toEqual([]);
  expect(models, 'transformers.js keeps what it downloaded').toContain(
    `${hubUrl}${MODEL}/resolve/main/onnx/vision_model_quantized.onnx`,
  );

  await goOffline(context);
  await reloadOfflineAndRank(page, 'yellow-triangle-64.png', testInfo);
  await expect(page.getByTestId('device-status')).toContainText(' · q8 · ');
});

test('the web app manifest parses, with icons that exist, and the page links it and the favicon', async ({
  page,
}, testInfo) => {
  const app = await serve(testInfo);
  await page.goto(`${app.url}?model=${encodeURIComponent(MODEL)}`);
  const links = await page.evaluate(() => ({
    icon: document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '',
    manifest: document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href ?? '',
  }));
  const favicon = await page.request.get(links.icon);
  expect(favicon.headers()['content-type']).toBe('image/svg+xml');
  expect(await favicon.text()).toContain('<svg');

  // Chromium's own parser: the manifest it would install from, with no errors.
  const cdp = await page.context().newCDPSession(page);
  const { url, errors, data } = (await cdp.send('Page.getAppManifest')) as {
    url: string;
    errors: Array<{ message: string }>;
    data?: string;
  };
  expect(url).toBe(links.manifest);
  // Chromium's installability checks (name, icons it can fetch, start_url, display): Playwright's
  // contexts are incognito, which Chromium names as the only reason not to offer installing.
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);
  expect(errors).toEqual([]);
  const manifest = JSON.parse(data!) as {
    name: string;
    description: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
  };
  expect(manifest).toMatchObject({ name: 'cliptag', start_url: './', display: 'standalone' });
  expect(manifest.description.length).toBeGreaterThan(0);
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(new Set(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`))).toEqual(
    new Set(['192x192 any', '512x512 any', '512x512 maskable']),
  );
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, url).href);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type'], icon.src).toBe(icon.type);
    const png = await response.body();
    // The PNG header's width and height (IHDR) must match the size the manifest claims.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
});

/** A build whose page differs from `from`'s, with the service worker's precache revision to match. */
function nextVersion(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cliptag-next-'));
  deployed.push(dir);
  cpSync(from, dir, { recursive: true });
  const page = readFileSync(join(dir, 'index.html'), 'utf8').replace(
    '<title>',
    '<meta name="cliptag-version" content="next" /><title>',
  );
  writeFileSync(join(dir, 'index.html'), page);
  const revision = createHash('md5').update(page).digest('hex');
  const worker = readFileSync(join(dir, 'sw.js'), 'utf8');
  const updated = worker.replace(/("revision":")[0-9a-f]{32}(","url":"index\.html")/, `$1${revision}$2`);
  expect(updated, 'the precache entry for index.html').not.toBe(worker);
  writeFileSync(join(dir, 'sw.js'), updated);
  return dir;
}

test('a new deployment waits until the person chooses to reload into it, from the keyboard', async ({
  page,
}, testInfo) => {
  const app = await serve(testInfo);
  await page.goto(`${app.url}?model=${encodeURIComponent(MODEL)}`);
  await expect(page.getByTestId('device-status')).toContainText(MODEL);
  await serviceWorkerReady(page);
  await reloadControlled(page);
  await expect(page.getByTestId('device-status')).toContainText(MODEL);
  const prompt = page.getByRole('status', { name: 'App update' });
  await expect(prompt).toBeEmpty();

  app.root = nextVersion(DIST);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration!.update();
  });
  await expect(prompt).toContainText('A new version of cliptag is ready.');
  expect(await page.locator('meta[name="cliptag-version"]').count(), 'still the old version').toBe(0);

  // From the top of the page, Shift+Tab reaches the prompt's buttons, the last on the page.
  await page.locator('body').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(prompt.getByRole('button', { name: 'Not now' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  const reload = prompt.getByRole('button', { name: 'Reload' });
  await expect(reload).toBeFocused();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);

  await expect(page.locator('meta[name="cliptag-version"]')).toHaveAttribute('content', 'next');
  await expect(prompt).toBeEmpty();
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBe(
    null,
  );
  await expect(page.getByTestId('device-status')).toContainText(MODEL);
});
