import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { addLabels, dropFiles, expectRanked, openWithModel, rankingOf, useSingleTemplate } from './tagger-page';

/** PyTorch's sigmoid scores for the SigLIP-layout toy (tools/toy-clip/toyclip/siglip.py). */
interface SiglipReference {
  model: string;
  labels: string[];
  texts: string[];
  probes: Array<{ file: string; above_half: string[] }>;
  sigmoid_scores: number[][];
}

const root = fileURLToPath(new URL('../', import.meta.url));
const reference = JSON.parse(
  readFileSync(`${root}fixtures/reference/toy-siglip/reference.json`, 'utf8'),
) as SiglipReference;

test('a SigLIP model tags with its own sigmoid, scale and bias', async ({ page }) => {
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  await page.getByRole('radio', { name: 'Tag all that apply' }).check();
  await expect(page.getByText("scored on its own with SigLIP's sigmoid")).toBeVisible();
  await addLabels(page, reference.labels);
  await dropFiles(
    page,
    reference.probes.map((probe) => `${root}${probe.file}`),
  );
  const names = reference.probes.map((probe) => basename(probe.file));
  await expectRanked(page, names, reference.labels.length);

  for (const [index, probe] of reference.probes.entries()) {
    const name = basename(probe.file);
    const ranking = await rankingOf(page, name);
    for (const row of ranking) {
      const expected = reference.sigmoid_scores[index]![reference.labels.indexOf(row.label)]!;
      expect(Math.abs(row.probability - expected), `${name}: ${row.label}`).toBeLessThanOrEqual(2e-3);
    }
    const tags = page.getByRole('list', { name: `Tags for ${name}` }).locator('.tag');
    await expect(tags).toHaveText(
      probe.above_half
        .slice()
        .sort((a, b) => ranking.findIndex((r) => r.label === a) - ranking.findIndex((r) => r.label === b)),
    );
  }
});
