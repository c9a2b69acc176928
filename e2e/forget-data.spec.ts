import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { addLabels, dropFiles, encoderStats, expectRanked, openWithModel } from './tagger-page';

const reference = loadReference();
const probe = 'red-circle-64.png';

/** What this browser keeps for cliptag: stored embeddings, the kept session's photos, model files, saved settings. */
function storedData(
  page: Page,
): Promise<{ embeddings: number; sessionPhotos: number; modelFiles: number; settings: number }> {
  return page.evaluate(async () => {
    const count = async (database: string, store: string) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('IndexedDB'));
      });
      const records = await new Promise<number>((resolve) => {
        const request = db.transaction(store).objectStore(store).count();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return records;
    };
    const embeddings = await count('cliptag-embeddings', 'images');
    const sessionPhotos = await count('cliptag-session', 'photos');
    const modelFiles = (await caches.has('transformers-cache'))
      ? (await (await caches.open('transformers-cache')).keys()).length
      : 0;
    const settings = Object.keys(localStorage).filter((key) => key.startsWith('cliptag.')).length;
    return { embeddings, sessionPhotos, modelFiles, settings };
  });
}

test('"Forget this browser\'s data" forgets embeddings, the kept session, models and settings; a photo is then encoded anew', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'storage does not depend on the device');
  await openWithModel(page, reference.model);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [probePath(probe)]);
  await expectRanked(page, [probe], 2);
  const before = await storedData(page);
  expect(before.embeddings).toBe(1);
  expect(before.sessionPhotos).toBe(1);
  expect(before.modelFiles).toBeGreaterThan(0);
  expect(before.settings).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Model settings' }).click();
  // From the keyboard: each step's button replaces the one pressed, and the focus follows to it.
  const askToForget = page.getByRole('button', { name: "Forget this browser's data" });
  await askToForget.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(askToForget).toBeFocused();
  expect(await storedData(page)).toEqual(before);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Forget it all' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Forgotten' })).toBeFocused();
  expect(await storedData(page)).toEqual({ embeddings: 0, sessionPhotos: 0, modelFiles: 0, settings: 0 });
  // The photo on the page keeps its ranking.
  await expectRanked(page, [probe], 2);

  await page.reload();
  await openWithModel(page, reference.model);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [probePath(probe)]);
  await expectRanked(page, [probe], 2);
  // A kept session would have brought the first photo back beside this one.
  await expect(page.getByRole('status', { name: 'Encoding progress' }), 'no photo comes back').toHaveText('1 photo');
  expect(await encoderStats(page)).toMatchObject({ imagesEncoded: 1, imagesFromCache: 0 });
});
