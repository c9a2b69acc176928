import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { addLabels, dropFiles, expectRanked, openWithModel } from './tagger-page';

const reference = loadReference();
const probeNames = reference.probes.map((probe) => probe.file.replace(/^probes\//, ''));

test('where IndexedDB throws in the worker, photos are tagged all the same and the page says so once', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'storage does not depend on the device');
  await openWithModel(page, reference.model);
  // As in some private windows and locked-down browsers; the store opens on the first photo.
  const modelWorker = page.workers().find((worker) => worker.url().includes('/model-worker'))!;
  await modelWorker.evaluate(() => {
    indexedDB.open = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, probeNames.map(probePath));
  await expectRanked(page, probeNames, 2);
  await dropFiles(page, [probePath(probeNames[0]!)]);
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(`${probeNames.length + 1} photos`);
  await expect(page.getByText('This browser does not let cliptag store anything')).toHaveCount(1);
  await expect(page.getByText('The operation is insecure')).toHaveCount(0);
});
