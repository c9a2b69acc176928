import { expect, test } from './fixtures';
import { writeSolidPng } from './generated-photos';
import { sampleBrowserMemory } from './process-memory';
import { addLabels, dropFiles, expectRanked, openWithModel } from './tagger-page';

const MB = 1024 * 1024;
const labels = ['black square', 'white circle'];

test('a huge photo is refused by name before decoding, and memory returns after a large one', async ({
  page,
  browser,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'decoding does not depend on the device; measured once');
  // 31 KB on disk, 256 megapixels (1 GB) decoded: the size is in the header.
  const bomb = writeSolidPng('bomb-16000x16000.png', 16000, 16000, { colourType: 0, bitDepth: 1 });
  // 64 megapixels, under the limit: decoded whole, then read in bands.
  const large = writeSolidPng('large-8000x8000.png', 8000, 8000);
  await openWithModel(page, 'cliptag/toy-clip');
  await addLabels(page, labels);
  const memory = await sampleBrowserMemory(browser);
  try {
    const baseline = await memory.now();

    memory.resetPeak();
    const refusedAt = Date.now();
    await dropFiles(page, [bomb]);
    await expect(page.getByRole('listitem', { name: 'bomb-16000x16000.png' }).first().getByRole('alert')).toHaveText(
      /bomb-16000x16000\.png is too large to tag here: 16,000 x 16,000 pixels \(256 megapixels\)/,
      { timeout: 10_000 },
    );
    const refusedMs = Date.now() - refusedAt;
    const bombPeak = memory.peak() - baseline;

    memory.resetPeak();
    await dropFiles(page, [large]);
    await expectRanked(page, ['large-8000x8000.png'], labels.length);
    const largePeak = memory.peak() - baseline;
    // The decoded photo and the buffers around it go back once it is done; the garbage collector and
    // the browser's image caches take 15 to 25 s to let go here.
    let after = 0;
    for (let waited = 0; waited <= 45; waited++) {
      after = (await memory.now()) - baseline;
      if (after < 100 * MB) break;
      await page.waitForTimeout(1000);
    }
    const report = {
      baselineMB: baseline / MB,
      bombRefusedMs: refusedMs,
      bombPeakMB: bombPeak / MB,
      largePeakMB: largePeak / MB,
      largeAfterMB: after / MB,
    };
    console.log(`Browser memory over the loaded app (MB): ${JSON.stringify(report)}`);
    expect(bombPeak, 'memory while refusing a 16000x16000 photo').toBeLessThan(100 * MB);
    expect(largePeak, 'memory while tagging one 8000x8000 photo').toBeLessThan(900 * MB);
    expect(after, 'memory held 45 s after the large photo').toBeLessThan(100 * MB);
  } finally {
    await memory.stop();
  }
});
