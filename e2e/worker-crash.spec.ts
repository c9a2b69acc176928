import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { loadReference } from './reference';
import { addLabels, expectRanked, openWithModel } from './tagger-page';

const reference = loadReference();
const PHOTO_COUNT = 60;

/** Drops `count` distinct photos drawn in the page (a red square on a dark ground, shifted by one pixel each). */
async function dropDrawnPhotos(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    const transfer = new DataTransfer();
    for (let index = 0; index < count; index++) {
      const canvas = new OffscreenCanvas(96, 96);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#202020';
      context.fillRect(0, 0, 96, 96);
      context.fillStyle = '#e02020';
      context.fillRect(16 + (index % 40), 16 + Math.floor(index / 40), 40, 40);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      transfer.items.add(new File([blob], `drawn-${index}.png`, { type: 'image/png' }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, count);
}

/** The page's worker whose script name starts with `name` ("model-worker", "photo-worker"). */
function workerNamed(page: Page, name: string): Worker {
  const worker = page.workers().find((candidate) => new URL(candidate.url()).pathname.includes(`/${name}`));
  if (!worker)
    throw new Error(
      `no ${name} in ${page
        .workers()
        .map((candidate) => candidate.url())
        .join(', ')}`,
    );
  return worker;
}

/**
 * Waits until some but not all photos are encoded: the moment to pull the rug. Each photo's hash is
 * slowed down first (in the model worker, through Playwright's handle on it), so that the moment lasts
 * seconds even on a fast machine.
 */
async function whileEncoding(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(
    new RegExp(`^Encoding [1-9]\\d* of ${PHOTO_COUNT}$`),
  );
}

/** Makes each photo's SHA-256 in the model worker take 50 ms longer. */
async function slowDownHashing(page: Page): Promise<void> {
  await workerNamed(page, 'model-worker').evaluate(() => {
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    crypto.subtle.digest = async (...args: Parameters<SubtleCrypto['digest']>) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return digest(...args);
    };
  });
}

/** Every photo ends up ranked against `labelCount` labels, and the progress says all are done. */
async function expectAllRanked(page: Page, labelCount: number): Promise<void> {
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(`${PHOTO_COUNT} photos`);
  await expect(page.getByText('Waiting to be encoded…')).toHaveCount(0);
  // The grid keeps only the cards near the screen in the page; the screen reader's summary counts them all.
  await expect(page.locator('[aria-live="polite"]')).toHaveText(new RegExp(`^${PHOTO_COUNT} photos ranked; top: `));
  const firstCard = await page
    .getByRole('list', { name: 'Photo results' })
    .getByRole('listitem')
    .first()
    .getAttribute('aria-label');
  await expectRanked(page, [firstCard!], labelCount);
}

/** Two labels and slowly encoding drawn photos, some done and some not: the moment to pull the rug. */
async function startEncoding(page: Page): Promise<void> {
  await openWithModel(page, reference.model);
  await addLabels(page, ['red square', 'blue circle']);
  await slowDownHashing(page);
  await dropDrawnPhotos(page, PHOTO_COUNT);
  await whileEncoding(page);
}

const ONE_DEVICE = 'a worker that dies is noticed the same way on either device';

test('an error the model worker did not catch, mid-encode: the model restarts and every photo is ranked', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  await startEncoding(page);
  await workerNamed(page, 'model-worker').evaluate(() =>
    setTimeout(() => {
      throw new Error('a bug in the model worker');
    }),
  );
  await expect(page.getByText('The model stopped unexpectedly, so it is being restarted.')).toBeVisible();
  await expectAllRanked(page, 2);
  await addLabels(page, ['green star']);
  await expectAllRanked(page, 3);
});

test('the model worker ending without a word, mid-encode: noticed, restarted, every photo ranked', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  await startEncoding(page);
  await workerNamed(page, 'model-worker').evaluate(() => self.close());
  await expectAllRanked(page, 2);
  // Ending again within a minute of its restart: the page says so, and Try again brings it back.
  await workerNamed(page, 'model-worker').evaluate(() => self.close());
  await expect(page.getByRole('alert')).toHaveText(
    'The model stopped (it ended without an error). Press Try again to restart it; your photos and labels are kept.',
  );
  await addLabels(page, ['green star']);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expectAllRanked(page, 3);
  await expect(page.getByTestId('device-status')).toContainText('is ready');
});

test('the photo worker ending without a word, mid-encode: its photos are decoded again, none left waiting', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  await startEncoding(page);
  await workerNamed(page, 'photo-worker').evaluate(() => self.close());
  await expectAllRanked(page, 2);
  await expect(page.getByText(/could not|stopped/)).toHaveCount(0);
});
