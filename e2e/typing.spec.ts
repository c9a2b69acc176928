import { expect, test } from './fixtures';
import { loadReference, probePath } from './reference';
import { addLabels, dropFiles, encoderStats, expectRanked, openWithModel } from './tagger-page';

const reference = loadReference();
const probes = ['red-circle-64.png', 'blue-square-64.png'];
const labels = ['red circle', 'blue square', 'green star', 'yellow triangle', 'purple square', 'orange circle'];
const TEMPLATES = 14;

test('labels typed fast encode each prompt once, though each Enter starts a new ranking', async ({ page }) => {
  await openWithModel(page, reference.model);
  await dropFiles(page, probes.map(probePath));
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(`${probes.length} photos`);
  // One Enter after another, each while the ranking for the one before is still encoding its prompts.
  await addLabels(page, labels);
  await expectRanked(page, probes, labels.length);
  expect((await encoderStats(page)).promptsEncoded).toBe(labels.length * TEMPLATES);
});
