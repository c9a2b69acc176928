import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startHubStandIn, type HostFault } from './hub-stand-in';
import { FAULTY_HUB_PORT, FAULTY_HUB_URL } from './ports';
import { loadReference, probePath } from './reference';
import { addLabels, dropFiles, expectRanked } from './tagger-page';

const reference = loadReference();
const HOST = new URL(FAULTY_HUB_URL).host;
const VISION_Q8 = 'onnx/vision_model_quantized.onnx';
const probeNames = reference.probes.slice(0, 3).map((probe) => probe.file.replace(/^probes\//, ''));
const faults = new Map<string, HostFault>();
let server: Server;

test.beforeAll(async () => {
  ({ server } = await startHubStandIn(
    fileURLToPath(new URL('../fixtures/models', import.meta.url)),
    FAULTY_HUB_PORT,
    faults,
  ));
});
test.afterAll(() => {
  server.closeAllConnections();
  server.close();
});
test.beforeEach(() => faults.clear());

/** Opens the page on the toy model from the faulty host, with labels and photos already on it. */
async function openWithPhotos(page: Page): Promise<void> {
  await page.goto(`./?host=${encodeURIComponent(FAULTY_HUB_URL)}&model=${encodeURIComponent(reference.model)}`);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, probeNames.map(probePath));
}

const ONE_DEVICE = 'downloads do not depend on the device';

test('a download that stalls half way times out, says so, and the demo model takes over the photos', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  faults.set(`${reference.model}/${VISION_Q8}`, 'stall');
  await openWithPhotos(page);
  await expect(page.getByRole('status').filter({ hasText: /Loading .* MB of / })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText(
    `The download of ${VISION_Q8} from ${HOST} stalled: nothing arrived for 30 seconds. Try again, or use the built-in demo model meanwhile.`,
    { timeout: 60_000 },
  );
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.getByRole('button', { name: 'Use the built-in demo model' }).click();
  await expect(page.getByTestId('device-status')).toContainText('is ready');
  await expectRanked(page, probeNames, 2);
});

test('a connection cut half way is told apart from a host that cannot be reached', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  faults.set(`${reference.model}/${VISION_Q8}`, 'cut');
  await openWithPhotos(page);
  await expect(page.getByRole('alert')).toHaveText(
    `The connection to ${HOST} broke off while downloading ${VISION_Q8}. Try again, or use the built-in demo model meanwhile.`,
  );
  faults.clear();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expectRanked(page, probeNames, 2);
});

test('a host that answers with a server error is named, in plain words', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  faults.set(`${reference.model}/config.json`, 500);
  await openWithPhotos(page);
  await expect(page.getByRole('alert')).toHaveText(
    `${HOST} answered with an error for config.json (HTTP 500 Internal Server Error): the problem is on the host's side. Try again later, or choose another model host under Model settings.`,
  );
  await expect(page.getByText('error error')).toHaveCount(0);
});

test('an unusable host in the address stops there: the model it names is not fetched from huggingface.co', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', ONE_DEVICE);
  await page.goto(`./?host=${encodeURIComponent('not a url')}&model=${encodeURIComponent(reference.model)}`);
  await expect(page.getByRole('alert')).toHaveText(
    'The model host in the page address cannot be used: "not a url" is not a web address. Nothing was loaded; correct the address, or choose a model below, which comes from huggingface.co.',
  );
  await expect(page.getByRole('heading', { name: 'Choose a model' })).toBeVisible();
  // The network guard fails the test if anything reached for huggingface.co meanwhile.
  await page.waitForTimeout(2000);
  await expect(page.getByRole('status').filter({ hasText: /^Loading / })).toHaveCount(0);
});
