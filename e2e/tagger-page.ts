import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { HUB_URL } from './ports';

declare global {
  interface Window {
    cliptag: {
      stats: () => Promise<{
        imagesEncoded: number;
        imagesFromCache: number;
        imageRuns: number;
        promptsEncoded: number;
      }>;
      modelInput: (file: File) => Promise<{ width: number; height: number; pixelValues: Float32Array }>;
    };
  }
}

/** Bytes that open every PNG, JPEG, GIF and WebP file: no request body may carry them. */
const IMAGE_SIGNATURES = [
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from('GIF8'),
  Buffer.from('RIFF'),
];

/**
 * Records every request the browser makes (pages and workers) and refuses any that leaves 127.0.0.1,
 * so a test fails if the app reaches a CDN or the real Hub, or uploads a photo.
 */
export async function guardNetwork(context: BrowserContext): Promise<{ violations: string[] }> {
  const violations: string[] = [];
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (!['http:', 'https:', 'ws:'].includes(url.protocol)) return route.continue();
    if (url.hostname !== '127.0.0.1') {
      violations.push(`request beyond 127.0.0.1: ${request.method()} ${request.url()}`);
      return route.abort('blockedbyclient');
    }
    const body = request.postDataBuffer();
    if (body && IMAGE_SIGNATURES.some((signature) => body.includes(signature))) {
      violations.push(`image bytes in a request body: ${request.method()} ${request.url()}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  return { violations };
}

/** Opens the built app on a model served by the Hub stand-in and waits until it is ready. */
export async function openWithModel(page: Page, model: string): Promise<void> {
  await page.goto(`./?host=${encodeURIComponent(HUB_URL)}&model=${encodeURIComponent(model)}`);
  await expect(page.getByTestId('device-status')).toContainText(model);
}

/** Ranks with one template, "a photo of a {}.", as the toy CLIP's references do. */
export async function useSingleTemplate(page: Page): Promise<void> {
  await page.getByText(/^Prompt templates:/).click();
  await page.getByRole('radio', { name: /Single template/ }).check();
  await expect(page.getByText(/^Prompt templates: single template/)).toBeVisible();
}

/** The pixels the app's worker feeds the vision encoder for a file, decoded on the real path. */
export async function modelInputOf(
  page: Page,
  path: string,
): Promise<{ width: number; height: number; pixelValues: number[] }> {
  const file = { name: basename(path), type: mimeFor(path), bytes: [...readFileSync(path)] };
  return page.evaluate(async ({ name, type, bytes }) => {
    const input = await window.cliptag.modelInput(new File([new Uint8Array(bytes)], name, { type }));
    return { width: input.width, height: input.height, pixelValues: Array.from(input.pixelValues) };
  }, file);
}

/** Drops files on the page the way a desktop drag does: a real DataTransfer of real Files. */
export async function dropFiles(
  page: Page,
  paths: readonly string[],
  mimeTypes: Record<string, string> = {},
): Promise<void> {
  const files = paths.map((path) => ({
    name: basename(path),
    type: mimeTypes[basename(path)] ?? mimeFor(path),
    bytes: [...readFileSync(path)],
  }));
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const file of files)
      transfer.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, files);
}

/**
 * Drops a folder from disk on the page as the operating system would: Chromium's own drag (through the
 * DevTools protocol) hands the page a real directory entry, which a DataTransfer made in the page cannot.
 */
export async function dropFolder(page: Page, path: string): Promise<void> {
  const session = await page.context().newCDPSession(page);
  const data = { items: [], files: [path], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await session.send('Input.dispatchDragEvent', { type, x: 20, y: 20, data });
  }
  await session.detach();
}

export function mimeFor(path: string): string {
  if (/\.png$/i.test(path)) return 'image/png';
  if (/\.jpe?g$/i.test(path)) return 'image/jpeg';
  if (/\.webp$/i.test(path)) return 'image/webp';
  if (/\.gif$/i.test(path)) return 'image/gif';
  if (/\.tiff?$/i.test(path)) return 'image/tiff';
  if (/\.hei[cf]$/i.test(path)) return 'image/heic';
  if (/\.pdf$/i.test(path)) return 'application/pdf';
  return '';
}

export async function addLabels(page: Page, labels: readonly string[]): Promise<void> {
  const input = page.getByRole('textbox', { name: 'Add labels' });
  for (const label of labels) {
    await input.fill(label);
    await input.press('Enter');
  }
}

/**
 * Scrolls the page until a photo's card is in it: the grid keeps only the rows near the screen in the
 * page, as a person scrolling would find them.
 */
export async function revealCard(page: Page, photoName: string): Promise<Locator> {
  const card = page
    .getByRole('list', { name: 'Photo results' })
    .getByRole('listitem', { name: photoName, exact: true });
  await expect(async () => {
    if ((await card.count()) > 0) return;
    const atBottom = await page.evaluate(() => {
      const bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      window.scrollTo(0, bottom ? 0 : window.scrollY + window.innerHeight * 0.8);
      return bottom;
    });
    throw new Error(`${photoName} is not in the page yet${atBottom ? ' (back to the top)' : ''}`);
  }).toPass({ intervals: [50, 100, 200] });
  await card.scrollIntoViewIfNeeded();
  return card;
}

/**
 * Waits until the rankings shown are final: the first ones, on each label's first template, are
 * refined with the whole ensemble while the page marks the results busy.
 */
export async function rankingsSettled(page: Page): Promise<void> {
  const results = page
    .getByRole('list', { name: 'Photo results' })
    .or(page.getByRole('table', { name: 'Photo table' }));
  await expect(results).not.toHaveAttribute('aria-busy', 'true');
}

/** Opens a card's full ranking ("Show all … labels"), once it is ranked; a short ranking is shown whole already. */
async function showAllLabels(page: Page, photoName: string): Promise<void> {
  await rankingsSettled(page);
  const card = await revealCard(page, photoName);
  const toggle = card.getByRole('button', { name: /^Show all / });
  const collapse = card.getByRole('button', { name: /^(Show top|Hide scores)/ });
  const shortList = card.getByRole('list', { name: `Labels for ${photoName}` });
  await expect(toggle.or(collapse).or(shortList).first()).toBeVisible();
  if (await toggle.isVisible()) await toggle.click();
}

/** A card's labels as ranked on screen, with the exact probabilities behind the percentages. */
export async function rankingOf(page: Page, photoName: string): Promise<Array<{ label: string; probability: number }>> {
  await showAllLabels(page, photoName);
  const rows = page.getByRole('list', { name: `Labels for ${photoName}` }).getByRole('listitem');
  return rows.evaluateAll((items) =>
    items.map((item) => ({
      label: item.getAttribute('data-label') ?? '',
      probability: Number(item.getAttribute('data-probability')),
    })),
  );
}

/** Waits until every named photo shows a ranking over exactly `labelCount` labels. */
export async function expectRanked(page: Page, photoNames: readonly string[], labelCount: number): Promise<void> {
  for (const name of photoNames) {
    await showAllLabels(page, name);
    await expect(page.getByRole('list', { name: `Labels for ${name}` }).getByRole('listitem')).toHaveCount(labelCount);
  }
}

export async function encoderStats(
  page: Page,
): Promise<{ imagesEncoded: number; imagesFromCache: number; imageRuns: number; promptsEncoded: number }> {
  return page.evaluate(() => window.cliptag.stats());
}
