import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { addLabels, dropFiles, encoderStats, expectRanked, openWithModel } from './tagger-page';

const reference = loadReference();
const probe = 'red-circle-64.png';

/** What this browser keeps for cliptag: stored embeddings, kept model files, saved settings. */
function storedData(page: Page): Promise<{ embeddings: number; modelFiles: number; settings: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('cliptag-embeddings', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('images');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('IndexedDB'));
    });
    const embeddings = await new Promise<number>((resolve) => {
      const count = db.transaction('images').objectStore('images').count();
      count.onsuccess = () => resolve(count.result);
    });
    db.close();
    const modelFiles = (await caches.has('transformers-cache'))
      ? (await (await caches.open('transformers-cache')).keys()).length
      : 0;
    const settings = Object.keys(localStorage).filter((key) => key.startsWith('cliptag.')).length;
    return { embeddings, modelFiles, settings };
  });
}

test('"Forget this browser\'s data" forgets embeddings, models and settings; a photo is then encoded anew', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'storage does not depend on the device');
  await openWithModel(page, reference.model);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [probePath(probe)]);
  await expectRanked(page, [probe], 2);
  const before = await storedData(page);
  expect(before.embeddings).toBe(1);
  expect(before.modelFiles).toBeGreaterThan(0);
  expect(before.settings).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Model settings' }).click();
  await page.getByRole('button', { name: "Forget this browser's data" }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  expect(await storedData(page)).toEqual(before);
  await page.getByRole('button', { name: "Forget this browser's data" }).click();
  await page.getByRole('button', { name: 'Forget it all' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Forgotten' })).toBeVisible();
  expect(await storedData(page)).toEqual({ embeddings: 0, modelFiles: 0, settings: 0 });
  // The photo on the page keeps its ranking.
  await expectRanked(page, [probe], 2);

  await page.reload();
  await openWithModel(page, reference.model);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [probePath(probe)]);
  await expectRanked(page, [probe], 2);
  expect(await encoderStats(page)).toMatchObject({ imagesEncoded: 1, imagesFromCache: 0 });
});
