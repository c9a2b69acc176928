import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { probePath } from './reference';
import { addLabels, dropFiles, expectRanked, openWithModel } from './tagger-page';

/** Policy violations the page and its model worker report, recorded as they happen. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
}

const violationsOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test('the app runs under its content security policy, which keeps other origins out of the page and its workers', async ({
  page,
}, testInfo) => {
  await recordViolations(page);
  const response = await page.goto('./');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toMatch(/connect-src 'self' https:\/\/huggingface\.co /);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta, 'the built page carries the policy for hosts that send no headers').toContain(
    "script-src 'self' blob: 'wasm-unsafe-eval'",
  );

  // The whole path: model download from the Hub stand-in (?host=127.0.0.1), WASM or WebGPU, both workers.
  await openWithModel(page, 'cliptag/toy-clip');
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [probePath('red-circle-64.png')]);
  await expectRanked(page, ['red-circle-64.png'], 2);
  expect(await violationsOf(page), 'nothing the app does is blocked').toEqual([]);

  // Anything else is blocked by the browser before it reaches the network, from the page and from the
  // model worker (which follows the policy sent with its own script).
  const fromPage = await page.evaluate((url) => fetch(url).then(() => 'sent', String), 'https://example.org/steal');
  expect(fromPage).toMatch(/TypeError/);
  // Reported once by the header's policy and once by the meta tag's.
  expect(new Set(await violationsOf(page))).toEqual(new Set(['connect-src https://example.org/steal']));
  const modelWorker = page.workers().find((worker) => worker.url().includes('model-worker'));
  expect(modelWorker, 'the model worker is running').toBeDefined();
  const fromWorker = await modelWorker!.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        self.addEventListener('securitypolicyviolation', (event) => resolve(`blocked ${event.effectiveDirective}`));
        fetch(url).then(
          () => resolve('sent'),
          () => setTimeout(() => resolve('failed without a policy violation'), 1000),
        );
      }),
    'https://example.org/steal',
  );
  expect(fromWorker).toBe('blocked connect-src');
  testInfo.annotations.push({ type: 'policy', description: headers['content-security-policy']! });
});

test('a model host the policy does not allow is refused at once, with what to do', async ({ page }) => {
  await page.goto(`./?host=${encodeURIComponent('https://mirror.example.org/')}`);
  await expect(
    page.getByText(/To use mirror\.example\.org, build the app with VITE_MODEL_HOST=https:\/\/mirror\.example\.org\//),
  ).toBeVisible();
});
