import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { addLabels, dropFiles, encoderStats, expectRanked, openWithModel } from './tagger-page';

const reference = loadReference();

test('a photo is encoded once: dropped twice, or dropped again after a reload', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'caching does not depend on the device');
  const original = probePath('red-circle-64.png');
  const copy = join(mkdtempSync(join(tmpdir(), 'cliptag-')), 'same-bytes-other-name.png');
  copyFileSync(original, copy);

  await openWithModel(page, reference.model);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [original]);
  await expectRanked(page, ['red-circle-64.png'], 2);
  await dropFiles(page, [copy]);
  await expectRanked(page, ['same-bytes-other-name.png'], 2);
  expect(await encoderStats(page)).toMatchObject({ imagesEncoded: 1, imagesFromCache: 1 });

  await page.reload();
  await openWithModel(page, reference.model);
  // The session comes back by itself (results.spec.ts); cleared, the photos' embeddings are still kept.
  await expectRanked(page, ['red-circle-64.png', 'same-bytes-other-name.png'], 2);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await dropFiles(page, [original]);
  await expectRanked(page, ['red-circle-64.png'], 2);
  expect(await encoderStats(page), 'the embedding comes back from IndexedDB').toMatchObject({
    imagesEncoded: 0,
    imagesFromCache: 1,
  });
});
