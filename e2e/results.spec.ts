import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { HUB_URL } from './ports';
import { loadReference, probePath } from './reference';
import {
  addLabels,
  dropFiles,
  encoderStats,
  expectRanked,
  mimeFor,
  openWithModel,
  rankingOf,
  rankingsSettled,
  useSingleTemplate,
} from './tagger-page';
import { parseCsv } from '../src/testing/csv';
import { MAX_LABEL_LENGTH } from '../src/core/labels';

const reference = loadReference();
const labels = reference.prompts.map((prompt) => prompt.label);
const probes = reference.probes.map((probe) => basename(probe.file));
/** The reference probability of `label` for each probe, by file name. */
const referenceProbability = (label: string) =>
  new Map(reference.probes.map((probe) => [basename(probe.file), probe.probs[labels.indexOf(label)]!]));

/** The photo names as the cards are laid out now. */
async function cardOrder(page: Page): Promise<string[]> {
  const cards = page.getByRole('list', { name: 'Photo results' }).locator(':scope > li');
  return cards.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
}

/** Every probability the table shows, by photo and label. */
async function tableProbabilities(page: Page): Promise<Map<string, Map<string, number>>> {
  await rankingsSettled(page);
  const rows = await page
    .getByRole('table', { name: 'Photo table' })
    .locator('tbody tr[data-index]')
    .evaluateAll((items) =>
      items.map((row) => ({
        name: row.getAttribute('aria-label') ?? '',
        cells: [...row.querySelectorAll('td[data-probability]')].map((cell) => [
          cell.getAttribute('data-label') ?? '',
          Number(cell.getAttribute('data-probability')),
        ]),
      })),
    );
  return new Map(rows.map((row) => [row.name, new Map(row.cells as [string, number][])]));
}

async function saved(download: Download): Promise<Buffer> {
  return readFileSync(await download.path());
}

async function openRanked(page: Page): Promise<void> {
  await openWithModel(page, reference.model);
  await useSingleTemplate(page);
  await addLabels(page, labels);
  await dropFiles(page, probes.map(probePath));
  await expect(page.getByRole('status', { name: 'Encoding progress' })).toHaveText(`${probes.length} photos`);
}

test('sorts, filters, searches and exports the reference answers, and keeps them through a reload', async ({
  page,
}, testInfo) => {
  await openRanked(page);
  const encoded = (await encoderStats(page)).imagesEncoded;
  expect(encoded).toBe(probes.length);

  // "Photos most like blue square first": the reference order, up to near-ties.
  await page.getByLabel('Sort', { exact: true }).selectOption({ label: 'Most like “blue square”' });
  const blueSquare = referenceProbability('blue square');
  await expect.poll(async () => (await cardOrder(page))[0]).toBe('blue-square-64.png');
  const order = await cardOrder(page);
  expect(order).toHaveLength(probes.length);
  for (let i = 1; i < order.length; i++) {
    expect(blueSquare.get(order[i - 1]!)!, `${order[i - 1]} before ${order[i]}`).toBeGreaterThanOrEqual(
      blueSquare.get(order[i]!)! - 0.02,
    );
  }

  // Filter by top label, with its count: the probes whose reference answer is "blue square".
  const expectedBlueSquares = reference.probes
    .filter((probe) => probe.argmax === labels.indexOf('blue square'))
    .map((probe) => basename(probe.file))
    .sort();
  await page
    .getByLabel('Show', { exact: true })
    .selectOption({ label: `Top label: blue square (${expectedBlueSquares.length})` });
  await expect.poll(async () => (await cardOrder(page)).sort()).toEqual(expectedBlueSquares);
  await page.getByLabel('Show', { exact: true }).selectOption({ label: `All photos (${probes.length})` });

  // Search by a phrase: the red circle comes first, and no photo is encoded again.
  await page.getByRole('searchbox').fill('red circle');
  await expect(page.getByText('Best matches for “red circle” first')).toBeVisible();
  await expect.poll(async () => (await cardOrder(page))[0]).toBe('red-circle-64.png');
  await page.screenshot({ path: `test-results/screenshots/search-${testInfo.project.name}.png` });
  await page.getByRole('searchbox').fill('');
  expect((await encoderStats(page)).imagesEncoded).toBe(encoded);

  // The table: every label a column, sortable, and the same numbers as the cards.
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  const table = page.getByRole('table', { name: 'Photo table' });
  await table.getByRole('button', { name: 'red circle', exact: true }).click();
  await expect(table.locator('tbody tr[data-index]').first()).toHaveAttribute('aria-label', 'red-circle-64.png');
  await expect(table.getByRole('columnheader', { name: 'red circle' })).toHaveAttribute('aria-sort', 'descending');
  const shown = await tableProbabilities(page);
  expect(shown.size).toBe(probes.length);
  const cardRanking = await (async () => {
    await page.getByRole('button', { name: 'Cards', exact: true }).click();
    return rankingOf(page, 'purple-square-64.jpg');
  })();
  for (const row of cardRanking)
    expect(shown.get('purple-square-64.jpg')!.get(row.label)).toBeCloseTo(row.probability, 6);
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  await page.screenshot({ path: `test-results/screenshots/table-${testInfo.project.name}.png` });

  // Exports of every photo: CSV and JSON hold what the page shows; the sidecars hold the tags.
  await page.getByText(/^Export all/).click();
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Spreadsheet (CSV)' }).click(),
  ]);
  const csv = parseCsv((await saved(csvDownload)).toString('utf8').replace(/^\uFEFF/, ''));
  const [header, ...csvRows] = csv;
  expect(csvRows).toHaveLength(probes.length);
  for (const row of csvRows) {
    const name = row[0]!;
    expect(row[5]).toBe(reference.model);
    expect(row[2]).toMatch(/^[0-9a-f]{64}$/);
    for (const label of labels) {
      const value = Number(row[header!.indexOf(`P(${label})`)]);
      expect(Math.abs(value - shown.get(name)!.get(label)!), `${name} ${label}`).toBeLessThanOrEqual(1e-4);
    }
  }
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Data (JSON)' }).click(),
  ]);
  const json = JSON.parse((await saved(jsonDownload)).toString('utf8')) as {
    format: string;
    labels: string[];
    scoring: { mode: string; templates: string[] };
    photos: {
      fileName: string;
      width: number;
      height: number;
      topLabel: string;
      probabilities: Record<string, number>;
    }[];
  };
  expect(json).toMatchObject({
    format: 'cliptag-results',
    labels,
    scoring: { mode: 'pick-one', templates: ['a photo of a {}.'] },
  });
  for (const photo of json.photos) {
    const probe = reference.probes.find((candidate) => basename(candidate.file) === photo.fileName)!;
    expect([photo.width, photo.height]).toEqual([probe.width, probe.height]);
    expect(photo.topLabel).toBe(labels[probe.argmax]);
    for (const label of labels) {
      expect(Math.abs(photo.probabilities[label]! - shown.get(photo.fileName)!.get(label)!)).toBeLessThanOrEqual(1e-4);
    }
  }
  const [zipDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download sidecars (zip)' }).click(),
  ]);
  const sidecars = unzipSync(new Uint8Array(await saved(zipDownload)));
  expect(Object.keys(sidecars).sort()).toEqual(probes.map((name) => name.replace(/\.\w+$/, '.xmp')).sort());
  const keywords = await page.evaluate(
    (files) =>
      Object.fromEntries(
        Object.entries(files).map(([name, text]) => {
          const xml = new DOMParser().parseFromString(text, 'application/xml');
          if (xml.querySelector('parsererror')) return [name, ['not XML']];
          const subject = xml.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'subject')[0];
          return [name, [...(subject?.getElementsByTagNameNS('*', 'li') ?? [])].map((item) => item.textContent)];
        }),
      ),
    Object.fromEntries(Object.entries(sidecars).map(([name, bytes]) => [name, strFromU8(bytes)])),
  );
  for (const probe of reference.probes) {
    expect(keywords[basename(probe.file).replace(/\.\w+$/, '.xmp')]).toEqual([labels[probe.argmax]]);
  }
  await page.keyboard.press('Escape');

  // A reload brings back labels and rankings without encoding a photo.
  await page.reload();
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(labels.length);
  await expect(table.locator('tbody tr[data-index]')).toHaveCount(probes.length);
  await expect.poll(async () => (await tableProbabilities(page)).get('red-circle-64.png')?.size).toBe(labels.length);
  const restored = await tableProbabilities(page);
  // The label prompts are encoded again, now in one batch instead of one by one; the q8 text encoder
  // quantises each batch's activations with one scale, so its embeddings move by a little.
  for (const [name, row] of shown) {
    for (const [label, probability] of row) {
      expect(Math.abs(restored.get(name)!.get(label)! - probability), `${name} ${label}`).toBeLessThanOrEqual(1e-3);
    }
  }
  expect(await encoderStats(page), 'no photo is encoded after the reload').toMatchObject({
    imagesEncoded: 0,
    imagesFromCache: 0,
  });

  // Remove with the keyboard, then undo: the photo is back, ranked, and still nothing was encoded.
  await table.locator('tbody tr[data-index]').first().focus();
  const first = await table.locator('tbody tr[data-index]').first().getAttribute('aria-label');
  await page.keyboard.press('Delete');
  await expect(page.getByRole('status').filter({ hasText: `Removed ${first}.` })).toBeVisible();
  await expect(table.getByRole('row', { name: first! })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(table.getByRole('row', { name: first! })).toHaveCount(1);
  await expect.poll(async () => (await tableProbabilities(page)).get(first!)?.size).toBe(labels.length);
  expect((await encoderStats(page)).imagesEncoded).toBe(0);
});

test('a link carries labels and mode; presets ask before replacing typed labels', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'links and presets do not depend on the device');
  const query = new URLSearchParams({
    host: HUB_URL,
    model: reference.model,
    labels: 'red circle,my dog',
    mode: 'tag-all',
  });
  await page.goto(`./?${query}`);
  await expect(page.getByTestId('device-status')).toContainText(reference.model);
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(2);
  await expect(page.getByRole('radio', { name: 'Tag all that apply' })).toBeChecked();
  expect(new URL(page.url()).searchParams.has('labels'), 'the link is taken in once').toBe(false);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy a link to these labels' }).click();
  const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(link.searchParams.get('labels')).toBe('red circle,my dog');
  expect(link.searchParams.get('mode')).toBe('tag-all');

  await page.getByText('Label sets').click();
  await page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Demo: colours and shapes' }).click();
  const dialog = page.getByRole('dialog', { name: 'Load “Demo: colours and shapes”?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Add to my labels' }).click();
  // "red circle" is a demo label, "my dog" is not: 12 demo labels and the one typed.
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(13);
  await page.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Everyday photos' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(13);
});

test('selects with shift-click, copies tags, and writes sidecars into an opened folder without overwriting', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'folders and the clipboard do not depend on the device');
  const files = ['red-circle-64.png', 'blue-square-64.png', 'yellow-triangle-64.png'];
  // The directory picker, answered with a folder in the origin's private file system: a real directory handle.
  await page.addInitScript(() => {
    Object.assign(window, {
      showDirectoryPicker: async () => (await navigator.storage.getDirectory()).getDirectoryHandle('holiday'),
    });
  });
  await openWithModel(page, reference.model);
  await page.evaluate(
    async (photos) => {
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle('holiday', { create: true });
      for (const photo of photos) {
        const writable = await (await folder.getFileHandle(photo.name, { create: true })).createWritable();
        await writable.write(new Uint8Array(photo.bytes));
        await writable.close();
      }
      const existing = await (await folder.getFileHandle('blue-square-64.xmp', { create: true })).createWritable();
      await existing.write('keep me');
      await existing.close();
    },
    files.map((name) => ({ name, type: mimeFor(name), bytes: [...readFileSync(probePath(name))] })),
  );
  await useSingleTemplate(page);
  await addLabels(page, ['red circle', 'blue square', 'yellow triangle']);
  await page.getByRole('button', { name: 'Open a folder' }).click();
  await expectRanked(page, files, 3);

  // The folder's photos come in their names' order.
  await page.getByRole('checkbox', { name: 'Select blue-square-64.png' }).click();
  await page.getByRole('checkbox', { name: 'Select yellow-triangle-64.png' }).click({ modifiers: ['Shift'] });
  await expect(page.getByText('3 selected', { exact: true })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select yellow-triangle-64.png' }).click();
  await expect(page.getByText('2 selected', { exact: true })).toBeVisible();

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText('Export 2 selected').click();
  await page.getByRole('button', { name: 'Copy tags' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'blue-square-64.png: blue square\nred-circle-64.png: red circle',
  );

  await page.getByRole('button', { name: 'Write sidecars next to the photos' }).click();
  const dialog = page.getByRole('dialog', { name: 'Some photos have sidecars already' });
  await expect(dialog).toContainText('blue-square-64.xmp');
  await dialog.getByRole('button', { name: 'Keep theirs, write the rest' }).click();
  await expect(page.getByText('Wrote 1 sidecar next to the photos; kept 1 that were there already.')).toBeVisible();
  const written = await page.evaluate(async () => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('holiday');
    const read = async (name: string) => (await (await folder.getFileHandle(name)).getFile()).text();
    return { red: await read('red-circle-64.xmp'), blue: await read('blue-square-64.xmp') };
  });
  expect(written.blue).toBe('keep me');
  expect(written.red).toContain('<rdf:li>red circle</rdf:li>');
});

test('ten thousand photos: only the cards and rows on screen are in the page', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'the page, not the model, is under test');
  // No model is chosen: the photos wait in the queue, which is all the views need.
  await page.goto(`./?host=${encodeURIComponent(HUB_URL)}`);
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    for (let index = 0; index < 10_000; index++) {
      const name = `photo-${String(index).padStart(5, '0')}.png`;
      transfer.items.add(new File([name], name, { type: 'image/png' }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  });
  await expect(page.getByRole('button', { name: 'Select all (10000)' })).toBeVisible();
  const cards = page.getByRole('list', { name: 'Photo results' }).locator(':scope > li');
  await expect(cards.first()).toHaveAttribute('aria-setsize', '10000');
  expect(await cards.count()).toBeLessThan(60);

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByRole('listitem', { name: 'photo-09999.png' })).toBeVisible();
  expect(await cards.count()).toBeLessThan(60);

  await page.getByRole('button', { name: 'Table', exact: true }).click();
  const table = page.getByRole('table', { name: 'Photo table' });
  await expect(table).toHaveAttribute('aria-rowcount', '10001');
  const rows = table.locator('tbody tr[data-index]');
  expect(await rows.count()).toBeLessThan(60);
  await rows.first().focus();
  await page.keyboard.press('End');
  await expect(table.getByRole('row', { name: 'photo-09999.png' })).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(table.getByRole('row', { name: 'photo-09989.png' })).toBeFocused();
  expect(await rows.count()).toBeLessThan(60);
});

test('a search phrase becomes a label from the keyboard, and the button keeps the focus', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.metadata.device !== 'wasm', 'the page, not the device');
  await openWithModel(page, reference.model);
  await addLabels(page, ['red circle', 'blue square']);
  await dropFiles(page, [probePath('red-circle-64.png')]);
  await expectRanked(page, ['red-circle-64.png'], 2);

  await page.getByRole('searchbox').fill('blue square');
  const isLabel = page.getByRole('button', { name: '“blue square” is a label' });
  await expect(isLabel).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('searchbox').fill('a red shape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add “a red shape” as a label' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '“a red shape” is a label' })).toBeFocused();
  await expect(page.getByRole('button', { name: /^Remove label / })).toHaveCount(3);
  await expectRanked(page, ['red-circle-64.png'], 3);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Remove label / }), 'pressing it again adds nothing').toHaveCount(3);
  await page.getByRole('searchbox').fill('x'.repeat(MAX_LABEL_LENGTH + 1));
  await expect(page.getByRole('button', { name: /^Too long for a label/ })).toHaveAttribute('aria-disabled', 'true');
});
