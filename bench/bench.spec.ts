import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import type { EncoderResult, GemmResult, ModelUnderTest, PipelineResult, PrepareResult } from './jobs';
import { manyPhotos } from './many-photos';
import { collectStartupBreakdown, modelDownloadMs, type StartupBreakdownStep } from './startup-breakdown';
import { parsePreprocessorConfig } from '../src/core/preprocess';
import { BENCH_LABELS } from './labels';
import type { BenchPage } from './page';
import { BENCH_APP_URL, BENCH_HUB_URL } from './ports';
import {
  checkTargets,
  combine,
  formatReport,
  median,
  reportShapeProblems,
  vitFlopsPerImage,
  type BenchDtype,
  type BenchReport,
  spread,
  type DtypeResult,
  type LoadAverage,
  PREPARATION_STEPS,
  type PhotoSize,
  type PreparationResult,
  type StartupStepSpread,
  type ManyPhotosResult,
  type MemorySample,
  type ToyResult,
  type VisionConfig,
} from './report';
import { BENCH_SETUP, benchPhotos, phonePhotos } from './setup';

declare global {
  interface Window {
    bench: BenchPage;
    /** Set by the init script below: long tasks seen, and the long animation frames that say where they went. */
    benchProbe: {
      longTasks: number[];
      longFrames: { duration: number; summary: string }[];
    };
  }
}

const setup = BENCH_SETUP;
const PHOTO_SIZES: readonly PhotoSize[] = ['640x480', '12 MP'];

/** One visit's first ranked card, from navigation. */
interface FirstVisit {
  ms: number;
  downloadMs: number;
  steps: StartupBreakdownStep[];
}
const source = { host: BENCH_HUB_URL, pathTemplate: '{model}/resolve/{revision}/' };
/** The pipeline's template and ours in single-template mode: the same prompts on both sides. */
const TEMPLATE = 'a photo of a {}.';
const LABEL_COUNTS = [10, 100] as const;
const DTYPES: readonly BenchDtype[] = ['q8', 'fp32'];
/**
 * A ViT-B MLP layer's GEMM (768 -> 3072) over 8 photos' tokens: at one photo's 50 rows, ORT-web's fixed
 * cost per run (copying tensors in and out) was a large share of the 6 ms, which made MatMul look slower
 * than the encoder's own GEMMs.
 */
const GEMM = { rows: 400, inner: 768, outer: 3072 };
const RERANK_REPEATS = 5;
/** Steps of the scroll from the top of the grid to its bottom in the many-photos run. */
const SCROLL_STEPS = 40;
/** CLIPTAG_BENCH_CONTEND=n keeps n busy threads running in another browser during the run ("1" for one). */
const CONTENDING_THREADS = Number(process.env.CLIPTAG_BENCH_CONTEND ?? 0);
const flopsPerImage = vitFlopsPerImage(
  (
    JSON.parse(readFileSync(join(setup.modelsRoot, setup.model, 'config.json'), 'utf8')) as {
      vision_config: VisionConfig;
    }
  ).vision_config,
);

/** Records long tasks and long animation frames from the page's first line. */
function installProbe(): void {
  const probe: Window['benchProbe'] = { longTasks: [], longFrames: [] };
  window.benchProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames say where a long task went: scripts (named), style and layout, or the rest.
  type ScriptTiming = { invoker: string; sourceFunctionName: string; duration: number };
  type FrameTiming = PerformanceEntry & { scripts: ScriptTiming[]; styleAndLayoutStart: number; renderStart: number };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as FrameTiming[]) {
      const end = entry.startTime + entry.duration;
      const scripts = entry.scripts.map(
        (script) => `${script.invoker} ${script.sourceFunctionName} ${Math.round(script.duration)} ms`,
      );
      const styleAndLayout = entry.styleAndLayoutStart ? end - entry.styleAndLayoutStart : 0;
      const render = entry.renderStart ? end - entry.renderStart - styleAndLayout : 0;
      const summary = `scripts: ${scripts.join(', ') || 'none'}; rendering ${Math.round(render)} ms; style and layout ${Math.round(styleAndLayout)} ms`;
      probe.longFrames.push({ duration: entry.duration, summary });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

/** Proportional set size of a process and all its descendants, from /proc. */
function treePss(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.pop()!;
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      total += Number(pss?.[1] ?? 0) * 1024;
    } catch {
      // As above.
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The page's JS heap after a full collection (the main thread: the worker's memory shows in the process total). */
async function jsHeap(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    return (await session.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await session.detach();
  }
}

async function openApp(page: Page, model = setup.model): Promise<void> {
  await page.goto(`./?host=${encodeURIComponent(BENCH_HUB_URL)}&model=${encodeURIComponent(model)}`);
  const input = page.getByRole('textbox', { name: 'Add labels' });
  await input.fill(BENCH_LABELS.slice(0, 10).join(', '));
  await input.press('Enter');
}

/** Waits until the page's summary says `count` photos are ranked (the grid keeps only visible cards in the page). */
async function waitForRanked(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (count) => {
      const summary = document.querySelector('[aria-live="polite"]')?.textContent ?? '';
      return Number(/^(\d+) photos? ranked/.exec(summary)?.[1] ?? 0) >= count;
    },
    count,
    { polling: 250, timeout: 0 },
  );
}

/** A browser with a profile on disk, as a person's has: Cache Storage keeps the model between visits. */
async function launchProfile(): Promise<{ context: BrowserContext; profile: string; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'cliptag-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    baseURL: BENCH_APP_URL,
  });
  await context.addInitScript(installProbe);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, profile, close };
}

/**
 * One visit: a new photo dropped on a freshly opened app, up to its first ranked card; what happened on the
 * way (the app's `cliptag:` steps) and how long the model files took to arrive over the network.
 */
async function firstResult(page: Page, photo: string): Promise<FirstVisit> {
  // The app brings back the last visit's photos (and their embeddings): forget them, keeping the model
  // files, with the app closed so that it holds no database open.
  await page.goto('about:blank');
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Storage.clearDataForOrigin', {
    origin: new URL(BENCH_APP_URL).origin,
    storageTypes: 'indexeddb',
  });
  await devtools.detach();
  await openApp(page);
  await page.locator('input[type=file][multiple]').setInputFiles(photo);
  await waitForRanked(page, 1);
  // The model worker hands over its steps once it has refined the first rankings with every template.
  await page.locator('[aria-label="Photo results"][aria-busy="false"]').waitFor({ timeout: 0 });
  const steps = await collectStartupBreakdown(page);
  const card = steps.find((step) => step.step === 'first-ranked-card');
  expect(card, 'the page measured its first ranked card').toBeDefined();
  return { ms: card!.startMs + card!.durationMs, downloadMs: await modelDownloadMs(page), steps };
}

/** Each step's start and duration over the visits, by the step's name, in the order steps begin. */
function breakdownSpread(visits: readonly FirstVisit[]): StartupStepSpread[] {
  const names = [...new Set(visits.flatMap((visit) => visit.steps.map((step) => step.step)))];
  return names
    .map((name) => {
      const found = visits.flatMap((visit) => visit.steps.filter((step) => step.step === name));
      return {
        step: name,
        thread: found[0]!.thread,
        startMs: spread(found.map((step) => step.startMs)),
        durationMs: spread(found.map((step) => step.durationMs)),
      };
    })
    .sort((a, b) => a.startMs.median - b.startMs.median);
}

/** Time to first result, cold (a new profile) and warm (its second visit), once per repeat. */
async function measureFirstResult(photos: readonly string[]): Promise<BenchReport['firstResult']> {
  const cold: FirstVisit[] = [];
  const warm: FirstVisit[] = [];
  for (let repeat = 0; repeat < setup.firstResultRepeats; repeat++) {
    const browser = await launchProfile();
    try {
      const page = await browser.context.newPage();
      // Leaving a visit whose rankings are still being refined asks first; the next visit goes ahead.
      page.on('dialog', (dialog) => void dialog.accept());
      cold.push(await firstResult(page, photos[0]!));
      warm.push(await firstResult(page, photos[1]!));
    } finally {
      await browser.close();
    }
  }
  return {
    coldMs: spread(cold.map((visit) => visit.ms)),
    warmMs: spread(warm.map((visit) => visit.ms)),
    coldDownloadMs: spread(cold.map((visit) => visit.downloadMs)),
    coldBeyondDownloadMs: spread(cold.map((visit) => visit.ms - visit.downloadMs)),
    breakdown: { cold: breakdownSpread(cold), warm: breakdownSpread(warm) },
  };
}

/**
 * The app's photo preparation alone, step by step, on the 640x480 photos and on phone photos: what a
 * photo costs before the encoder sees it.
 */
async function measurePreparation(bench: Bench, photos: Record<PhotoSize, readonly string[]>) {
  const config = readFileSync(join(setup.modelsRoot, setup.model, 'preprocessor_config.json'), 'utf8');
  const preprocessing = parsePreprocessorConfig(JSON.parse(config) as Record<string, unknown>);
  const result = {} as Record<PhotoSize, PrepareResult>;
  for (const size of PHOTO_SIZES) {
    await bench.fetchPhotos(photos[size]);
    result[size] = (await bench.run({ kind: 'prepare', preprocessing, photos: [...photos[size]] })) as PrepareResult;
  }
  return result;
}

/** Long tasks and memory while photos are dropped on the real app with its React UI. */
async function measureUi(context: BrowserContext, browserPid: number, dropped: readonly string[]) {
  const page = await context.newPage();
  await openApp(page);
  const { first, total } = setup.uiPhotos;
  expect(dropped).toHaveLength(total);
  const memory: MemorySample[] = [];
  await page.evaluate(() => {
    window.benchProbe.longTasks = [];
    window.benchProbe.longFrames = [];
  });
  await page.locator('input[type=file][multiple]').setInputFiles(dropped.slice(0, first));
  await waitForRanked(page, first);
  const { longTasks, longFrames } = await page.evaluate(() => window.benchProbe);
  const longestFrame = longFrames.reduce((longest, frame) => (frame.duration > longest.duration ? frame : longest), {
    duration: 0,
    summary: 'none',
  });
  memory.push({ photos: first, jsBytes: await jsHeap(page), processBytes: treePss(browserPid) });
  await page.locator('input[type=file][multiple]').setInputFiles(dropped.slice(first));
  await waitForRanked(page, total);
  memory.push({ photos: total, jsBytes: await jsHeap(page), processBytes: treePss(browserPid) });
  await page.close();
  return {
    ui: {
      photos: first,
      longestTaskMs: Math.max(0, ...longTasks),
      tasksOver50Ms: longTasks.length,
      longestFrame: `${Math.round(longestFrame.duration)} ms: ${longestFrame.summary}`,
    },
    memory,
  };
}

/** Elements in the page: what a view that renders only the visible photos keeps constant. */
const domNodes = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

/** The longest main-thread task since the last call, and how many went over 50 ms. */
async function takeLongTasks(page: Page): Promise<{ longestMs: number; over50: number }> {
  const tasks = await page.evaluate(() => window.benchProbe.longTasks.splice(0));
  return { longestMs: Math.max(0, ...tasks), over50: tasks.length };
}

/**
 * Thousands of small photos on the toy model through the real app: long tasks while they are dropped,
 * while they encode and while the grid scrolls through them; heap and DOM size at the first and last count.
 */
async function measureManyPhotos(context: BrowserContext, paths: readonly string[]): Promise<ManyPhotosResult> {
  const { first, total } = setup.manyPhotos;
  const page = await context.newPage();
  await openApp(page, setup.toyModel);
  const input = page.locator('input[type=file][multiple]');
  const progress = page.getByRole('status', { name: 'Encoding progress' });
  await input.setInputFiles(paths.slice(0, first));
  await waitForRanked(page, first);
  const before = { jsBytes: await jsHeap(page), domNodes: await domNodes(page) };
  await takeLongTasks(page);
  const start = Date.now();
  await input.setInputFiles(paths.slice(first, total));
  // Dropped once the page counts them all, encoding ("Encoding 12 of N") or, on a fast run, done ("N photos").
  await expect(progress).toHaveText(new RegExp(`(of ${total}|^${total} photos)$`));
  const drop = await takeLongTasks(page);
  await waitForRanked(page, total);
  const encodeSeconds = (Date.now() - start) / 1000;
  const encoding = await takeLongTasks(page);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let step = 1; step <= SCROLL_STEPS; step++) {
    await page.evaluate((top) => window.scrollTo(0, top), (height * step) / SCROLL_STEPS);
    await page.waitForTimeout(50);
  }
  const scrolling = await takeLongTasks(page);
  const after = { jsBytes: await jsHeap(page), domNodes: await domNodes(page) };
  await page.close();
  return {
    model: setup.toyModel,
    photos: { first, total },
    encodeSeconds,
    longestTaskMs: { drop: drop.longestMs, encoding: encoding.longestMs, scrolling: scrolling.longestMs },
    tasksOver50Ms: { drop: drop.over50, encoding: encoding.over50, scrolling: scrolling.over50 },
    jsBytes: { first: before.jsBytes, total: after.jsBytes },
    domNodes: { first: before.domNodes, total: after.domNodes },
  };
}

type Bench = {
  [K in keyof BenchPage]: (...args: Parameters<BenchPage[K]>) => Promise<Awaited<ReturnType<BenchPage[K]>>>;
};

/** `window.bench` as seen from Node: every call evaluated in the page. */
function benchOn(page: Page): Bench {
  return new Proxy({} as Bench, {
    get:
      (_, name: keyof BenchPage) =>
      (...args: unknown[]) =>
        page.evaluate(({ name, args }) => (window.bench[name] as (...args: unknown[]) => unknown)(...args), {
          name,
          args,
        }),
  });
}

/** A line per step, so a person watching a full run (several minutes) sees it move. */
async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const start = Date.now();
  const result = await test.step(name, body);
  console.log(`  ${name}: ${((Date.now() - start) / 1000).toFixed(0)} s`);
  return result;
}

/** The browser process of a profile: the one whose command line names the profile and no process type. */
function browserPid(profile: string): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.includes(`--user-data-dir=${profile}`) && !args.some((arg) => arg.startsWith('--type=')))
        return Number(name);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`No Chromium process runs the profile ${profile}.`);
}

/** One round's figures for a dtype: each side measured once, on the same photos. */
interface RoundResult {
  threads: number;
  ours: { labels: number; labelsMs: number; photosPerSecond: number; promptsEncoded: number }[];
  pipelinePhotosPerSecond: number[];
  encoderPhotosPerSecond: number;
  prepareMs: number;
}

/**
 * One dtype's round: ours, the pipeline and the encoder alone, in an order that turns each round, so no
 * side always runs first after a load or last before the next dtype.
 */
async function measureRound(
  bench: Bench,
  target: ModelUnderTest,
  round: number,
  photos: { warmUp: string[]; timed: string[][] },
  labelCounts: readonly number[] = LABEL_COUNTS,
): Promise<RoundResult> {
  const ours = async () => {
    await bench.openTagger(target);
    await bench.addPhotos(photos.warmUp);
    const results = [];
    for (const [index, labels] of labelCounts.entries()) {
      const rank = await bench.rank(BENCH_LABELS.slice(0, labels), TEMPLATE, 'pick-one');
      const timed = photos.timed[index]!;
      const added = await bench.addPhotos(timed);
      expect(added.imagesEncoded, 'each photo set is new to this model and dtype').toBe(timed.length);
      expect(added.ranked).toBe(timed.length);
      results.push({
        labels,
        labelsMs: rank.ms,
        promptsEncoded: rank.promptsEncoded,
        photosPerSecond: (timed.length / added.ms) * 1000,
      });
    }
    await bench.closeTagger();
    return results;
  };
  const pipeline = async () => {
    const rates = [];
    for (const [index, labels] of labelCounts.entries()) {
      const run = (await bench.run({
        kind: 'pipeline',
        target,
        labels: BENCH_LABELS.slice(0, labels),
        template: TEMPLATE,
        photos: [...photos.warmUp, ...photos.timed[index]!],
      })) as PipelineResult;
      const counted = run.photoMs.slice(photos.warmUp.length);
      rates.push((counted.length / counted.reduce((sum, ms) => sum + ms, 0)) * 1000);
    }
    return rates;
  };
  const encoder = async () =>
    (await bench.run({
      kind: 'encoder',
      target,
      runs: setup.encoderRuns,
      photos: photos.timed[0]!.slice(0, 5),
    })) as EncoderResult;
  const sides = [ours, pipeline, encoder] as const;
  const results: unknown[] = [];
  for (let turn = 0; turn < sides.length; turn++) {
    const side = (round + turn) % sides.length;
    results[side] = await sides[side]!();
  }
  const [oursResult, pipelineRates, encoderResult] = results as [
    Awaited<ReturnType<typeof ours>>,
    number[],
    EncoderResult,
  ];
  return {
    threads: encoderResult.threads,
    ours: oursResult,
    pipelinePhotosPerSecond: pipelineRates,
    encoderPhotosPerSecond: 1000 / median(encoderResult.runMs),
    prepareMs: median(encoderResult.prepareMs),
  };
}

/** One size's preparation over the rounds: each round's median per photo and per step. */
function preparationResult(size: PhotoSize, rounds: readonly Record<PhotoSize, PrepareResult>[]): PreparationResult {
  const over = (figure: (result: PrepareResult) => number) => spread(rounds.map((round) => figure(round[size])));
  const steps = Object.fromEntries(
    PREPARATION_STEPS.map((name) => [name, over((result) => median(result.stepMs[name]))]),
  ) as PreparationResult['steps'];
  return {
    size,
    photosPerRound: rounds[0]![size].photoMs.length,
    msPerPhoto: over((result) => median(result.photoMs)),
    steps,
    overlappedMsPerPhoto: over((result) => result.overlappedMsPerPhoto),
  };
}

/** Median milliseconds of a bare ORT MatMul of a ViT-B MLP layer's shape, in the dtype's scheme. */
async function measureGemm(bench: Bench, dtype: BenchDtype): Promise<number> {
  const gemm = (await bench.run({
    kind: 'gemm',
    ...GEMM,
    quantized: dtype === 'q8',
    runs: setup.gemmRuns,
  })) as GemmResult;
  return median(gemm.runMs);
}

/**
 * The toy model's end to end against its encoder alone and the pipeline, at 10 labels: so small a model
 * shows what each photo costs the app besides the encoder.
 */
function toyResult(rounds: readonly RoundResult[]): ToyResult {
  const over = (figure: (round: RoundResult) => number) => spread(rounds.map(figure));
  const oursPhotosPerSecond = over((round) => round.ours[0]!.photosPerSecond);
  const encoderPhotosPerSecond = over((round) => round.encoderPhotosPerSecond);
  const pipelinePhotosPerSecond = over((round) => round.pipelinePhotosPerSecond[0]!);
  return {
    model: setup.toyModel,
    oursPhotosPerSecond,
    encoderPhotosPerSecond,
    pipelinePhotosPerSecond,
    endToEndPercentOfEncoder: combine(
      oursPhotosPerSecond,
      encoderPhotosPerSecond,
      (ours, encoder) => (ours / encoder) * 100,
    ),
    fixedMsPerPhoto: combine(
      oursPhotosPerSecond,
      encoderPhotosPerSecond,
      (ours, encoder) => 1000 / ours - 1000 / encoder,
    ),
    ratio: combine(oursPhotosPerSecond, pipelinePhotosPerSecond, (ours, pipeline) => ours / pipeline),
  };
}

/** A dtype's figures over all rounds, each with its spread. */
function dtypeResult(dtype: BenchDtype, rounds: readonly RoundResult[], gemmMs: readonly number[]): DtypeResult {
  const over = (figure: (round: RoundResult) => number) => spread(rounds.map(figure));
  const encoderPhotosPerSecond = over((round) => round.encoderPhotosPerSecond);
  const encoderGflops = over((round) => (flopsPerImage * round.encoderPhotosPerSecond) / 1e9);
  const gemmGflops = spread(gemmMs.map((ms) => (2 * GEMM.rows * GEMM.inner * GEMM.outer) / (ms / 1000) / 1e9));
  const byLabelCount = LABEL_COUNTS.map((labels, index) => {
    const oursPhotosPerSecond = over((round) => round.ours[index]!.photosPerSecond);
    const pipelinePhotosPerSecond = over((round) => round.pipelinePhotosPerSecond[index]!);
    return {
      labels,
      oursPhotosPerSecond,
      oursLabelsMs: over((round) => round.ours[index]!.labelsMs),
      pipelinePhotosPerSecond,
      photosPerRound: setup.throughputPhotos,
      ratio: combine(oursPhotosPerSecond, pipelinePhotosPerSecond, (ours, pipeline) => ours / pipeline),
    };
  });
  return {
    dtype,
    threads: rounds[0]!.threads,
    encoderPhotosPerSecond,
    encoderGflops,
    gemmGflops,
    encoderPercentOfGemm: combine(encoderGflops, gemmGflops, (encoder, gemm) => (encoder / gemm) * 100),
    prepareMsPerPhoto: over((round) => round.prepareMs),
    // The last label set encoded the most prompts in one go: its rate is the text encoder's.
    textLabelsPerSecond: over((round) => (round.ours.at(-1)!.promptsEncoded / round.ours.at(-1)!.labelsMs) * 1000),
    byLabelCount,
    endToEndPercentOfEncoder: combine(
      byLabelCount[0]!.oursPhotosPerSecond,
      encoderPhotosPerSecond,
      (ours, encoder) => (ours / encoder) * 100,
    ),
  };
}

/**
 * Another browser with `threads` busy workers, as a person's other tab would be (CLIPTAG_BENCH_CONTEND):
 * it runs through every timed part, so the report says how the app holds up on a busy machine.
 */
async function startContention(threads: number): Promise<() => Promise<void>> {
  if (threads === 0) return async () => {};
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.evaluate((threads) => {
    const spin = 'let x = 1; for (;;) x = (x * 48271) % 2147483647;';
    const url = URL.createObjectURL(new Blob([spin], { type: 'text/javascript' }));
    for (let index = 0; index < threads; index++) new Worker(url);
  }, threads);
  return () => browser.close();
}

const loadAverage = () => loadavg().map((value) => Number(value.toFixed(2))) as LoadAverage;

test('benchmark', async () => {
  const loadAtStart = loadAverage();
  const stopContention = await startContention(CONTENDING_THREADS);
  const browser = await launchProfile();
  const { context } = browser;
  try {
    const photos = benchPhotos(setup).map((photo) => photo.url);
    const paths = benchPhotos(setup).map((photo) => photo.path);
    const perRound = setup.warmUpPhotos + LABEL_COUNTS.length * setup.throughputPhotos;
    const uiEnd = 2 + setup.uiPhotos.total;
    const needed = uiEnd + setup.rounds * perRound;
    expect(photos.length, `${setup.photoDir} needs ${needed} photos`).toBeGreaterThanOrEqual(needed);

    const firstResult = await step('app: time to first result, cold and warm', () => measureFirstResult(paths));
    const app = await step('app: long tasks and memory', () =>
      measureUi(context, browserPid(browser.profile), paths.slice(2, uiEnd)),
    );

    const page = await context.newPage();
    await page.goto('./bench/');
    await expect(page.locator('body[data-ready=true]')).toBeVisible();
    const bench = benchOn(page);
    const target = (dtype: BenchDtype): ModelUnderTest => ({ model: setup.model, source, dtype });

    const rerank = await step('re-rank the app run photos from IndexedDB', async () => {
      const restored = photos.slice(2, uiEnd);
      await bench.fetchPhotos(restored);
      await bench.openTagger(target('q8'));
      const restore = await bench.addPhotos(restored);
      expect(restore.imagesEncoded, 'the app run stored every embedding').toBe(0);
      await bench.rank(BENCH_LABELS, TEMPLATE, 'pick-one');
      await bench.rank(BENCH_LABELS, TEMPLATE, 'tag-all');
      const times: number[] = [];
      for (let repeat = 0; repeat < RERANK_REPEATS; repeat++) {
        const ranked = await bench.rank(BENCH_LABELS, TEMPLATE, repeat % 2 ? 'tag-all' : 'pick-one');
        expect(ranked.promptsEncoded).toBe(0);
        expect(ranked.photos).toBe(restored.length);
        times.push(ranked.ms);
      }
      await bench.closeTagger();
      return {
        photos: restored.length,
        labels: BENCH_LABELS.length,
        ms: spread(times),
        restorePhotosPerSecond: (restored.length / restore.ms) * 1000,
      };
    });

    const rounds: Record<BenchDtype, RoundResult[]> = { q8: [], fp32: [] };
    const gemmMs: Record<BenchDtype, number[]> = { q8: [], fp32: [] };
    const toyRounds: RoundResult[] = [];
    const preparationRounds: Record<PhotoSize, PrepareResult>[] = [];
    const phone = phonePhotos(setup).map((photo) => photo.url);
    const loadAfterRounds: LoadAverage[] = [];
    for (let round = 0; round < setup.rounds; round++) {
      // Each round has photos of its own; both dtypes encode them (their embeddings are kept apart).
      const roundPhotos = photos.slice(uiEnd + round * perRound, uiEnd + (round + 1) * perRound);
      await bench.fetchPhotos(roundPhotos);
      const sets = {
        warmUp: roundPhotos.slice(0, setup.warmUpPhotos),
        timed: LABEL_COUNTS.map((_, index) =>
          roundPhotos.slice(setup.warmUpPhotos + index * setup.throughputPhotos).slice(0, setup.throughputPhotos),
        ),
      };
      // The dtypes take turns at going first, as the sides do within a dtype.
      const order = round % 2 ? [...DTYPES].reverse() : DTYPES;
      for (const dtype of order) {
        rounds[dtype].push(
          await step(`round ${round + 1} of ${setup.rounds}, ${dtype}: ours, pipeline, encoder alone, MatMul`, () =>
            measureRound(bench, target(dtype), round, sets),
          ),
        );
        gemmMs[dtype].push(await measureGemm(bench, dtype));
      }
      // The smoke run's model is the toy: its q8 rounds are the toy's.
      if (setup.model !== setup.toyModel) {
        const toy = { model: setup.toyModel, source, dtype: 'q8' as const };
        const toySets = { warmUp: sets.warmUp, timed: [roundPhotos.slice(setup.warmUpPhotos)] };
        toyRounds.push(
          await step(`round ${round + 1} of ${setup.rounds}, toy model: ours, pipeline, encoder alone`, () =>
            measureRound(bench, toy, round, toySets, [LABEL_COUNTS[0]]),
          ),
        );
      }
      const phoneStart = (round * setup.preparePhotos) % phone.length;
      preparationRounds.push(
        await step(`round ${round + 1} of ${setup.rounds}, photo preparation alone`, () =>
          measurePreparation(bench, {
            '640x480': roundPhotos.slice(0, setup.preparePhotos),
            '12 MP': phone.slice(phoneStart, phoneStart + setup.preparePhotos),
          }),
        ),
      );
      loadAfterRounds.push(loadAverage());
    }
    await page.close();
    // A profile of its own: the app would bring back the photos of the runs above.
    const manyBrowser = await launchProfile();
    const many = await step(`app: ${setup.manyPhotos.total} photos on the toy model`, () =>
      measureManyPhotos(manyBrowser.context, manyPhotos(setup.manyPhotos.dir, setup.manyPhotos.total)).finally(
        manyBrowser.close,
      ),
    );
    const dtypes = DTYPES.map((dtype) => dtypeResult(dtype, rounds[dtype], gemmMs[dtype]));
    const [q8, fp32] = dtypes;
    const pipeline100 = q8!.byLabelCount[1]!.pipelinePhotosPerSecond.median;
    const partial: Omit<BenchReport, 'targets'> = {
      mode: setup.mode,
      date: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        chromium: execFileSync(CHROMIUM_PATH, ['--version'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
        load: { start: loadAtStart, rounds: loadAfterRounds, end: loadAverage() },
      },
      contendingThreads: CONTENDING_THREADS,
      rounds: setup.rounds,
      model: setup.model,
      flopsPerImage,
      dtypes,
      q8OverFp32: combine(
        q8!.byLabelCount[0]!.oursPhotosPerSecond,
        fp32!.byLabelCount[0]!.oursPhotosPerSecond,
        (q8Rate, fp32Rate) => q8Rate / fp32Rate,
      ),
      rerank: { ...rerank, pipelineExtrapolatedMs: (rerank.photos / pipeline100) * 1000 },
      firstResult,
      ...app,
      toy: toyResult(setup.model === setup.toyModel ? rounds.q8 : toyRounds),
      preparation: PHOTO_SIZES.map((size) => preparationResult(size, preparationRounds)),
      manyPhotos: many,
    };
    const report: BenchReport = { ...partial, targets: checkTargets(partial) };
    const out = join('bench-results', `bench-${setup.mode}${CONTENDING_THREADS ? '-contended' : ''}.json`);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${formatReport(report)}\n\nWritten to ${out}`);
    expect(reportShapeProblems(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  } finally {
    await browser.close();
    await stopContention();
  }
});
