import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import { loadReference } from './reference';

const reference = loadReference();
const repo = `${HUB_URL}${reference.model}/resolve/main/`;
const HUB_HOST = new URL(HUB_URL).host;
const VISION_Q8 = 'onnx/vision_model_quantized.onnx';
const visionBytes = readFileSync(new URL(`../fixtures/models/${reference.model}/${VISION_Q8}`, import.meta.url));
const ONE_DEVICE = 'downloads and the cache do not depend on the device';
const SIGN_IN_PAGE = '<!doctype html><html><body><h1>Please sign in</h1></body></html>';

/** Until `fixed` is called, the host answers for `file` with `body`, as a faulty host or a captive portal does. */
async function serveInstead(
  context: BrowserContext,
  file: string,
  body: string | Buffer,
): Promise<() => Promise<void>> {
  const url = `${repo}${file}`;
  await context.route(url, (route) =>
    route.fulfill({
      status: 200,
      body,
      headers: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'Content-Length, Content-Range, ETag',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
    }),
  );
  return () => context.unroute(url);
}

/** Whether this browser's model cache holds `file` of the toy model. */
function kept(page: Page, file: string): Promise<boolean> {
  return page.evaluate(
    async (url) => Boolean(await (await caches.open('transformers-cache')).match(url)),
    `${repo}${file}`,
  );
}

function open(page: Page): Promise<unknown> {
  return page.goto(`./?host=${encodeURIComponent(HUB_URL)}&model=${encodeURIComponent(reference.model)}`);
}

test.describe('a model file that is not what its name says is named, and never kept', () => {
  test('a web page served as config.json', async ({ page, context }, testInfo) => {
    test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
    const fixed = await serveInstead(context, 'config.json', SIGN_IN_PAGE);
    await open(page);
    await expect(page.getByRole('alert')).toContainText(
      `config.json from ${HUB_HOST} is a web page, not the model file`,
    );
    expect(await kept(page, 'config.json')).toBe(false);
    await fixed();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('device-status')).toContainText('is ready');
  });

  test('an encoder cut short half way', async ({ page, context }, testInfo) => {
    test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
    const fixed = await serveInstead(context, VISION_Q8, visionBytes.subarray(0, visionBytes.length >> 1));
    await open(page);
    await expect(page.getByRole('alert')).toContainText(
      `${VISION_Q8} from ${HUB_HOST} is cut short: its download stopped before the end. Nothing of it was kept`,
    );
    expect(await kept(page, VISION_Q8)).toBe(false);
    await fixed();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('device-status')).toContainText('is ready');
    await page.reload();
    await expect(page.getByTestId('device-status')).toContainText('is ready');
  });

  test('a damaged file an older version kept is named, forgotten, and Try again downloads it anew', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
    await page.goto('./');
    await page.evaluate(
      async ({ url, body }) => (await caches.open('transformers-cache')).put(url, new Response(body)),
      { url: `${repo}config.json`, body: SIGN_IN_PAGE },
    );
    await open(page);
    await expect(page.getByRole('alert')).toContainText(`config.json from ${HUB_HOST} is a web page`);
    expect(await kept(page, 'config.json')).toBe(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('device-status')).toContainText('is ready');
  });

  test('a preprocessor that makes photos of another size than the encoder takes', async ({
    page,
    context,
  }, testInfo) => {
    test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
    const preprocessor = JSON.parse(
      readFileSync(new URL(`../fixtures/models/${reference.model}/preprocessor_config.json`, import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const wrongSize = { ...preprocessor, size: { shortest_edge: 224 }, crop_size: { height: 224, width: 224 } };
    await serveInstead(context, 'preprocessor_config.json', JSON.stringify(wrongSize));
    await open(page);
    await expect(page.getByRole('alert')).toHaveText(
      `${reference.model} cannot tag photos: preprocessor_config.json makes photos 224x224 pixels, but the vision encoder takes 64x64 (${VISION_Q8}). Its files do not belong together; choose another model.`,
    );
    expect(await kept(page, 'preprocessor_config.json')).toBe(false);
  });
});
