import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import type { EncoderResult, GemmResult, ModelUnderTest, PipelineResult } from './jobs';
import { BENCH_LABELS } from './labels';
import type { BenchPage } from './page';
import { BENCH_APP_URL, BENCH_HUB_URL } from './ports';
import {
  checkTargets,
  formatReport,
  median,
  reportShapeProblems,
  vitFlopsPerImage,
  type BenchDtype,
  type BenchReport,
  type DtypeResult,
  type MemorySample,
  type VisionConfig,
} from './report';
import { BENCH_SETUP, benchPhotos } from './setup';

declare global {
  interface Window {
    bench: BenchPage;
    /** Set by the init script below: long tasks seen, and when the first ranking appeared. */
    benchProbe: {
      longTasks: number[];
      longFrames: { duration: number; summary: string }[];
      firstRankingAt: number | null;
    };
  }
}

const setup = BENCH_SETUP;
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
const flopsPerImage = vitFlopsPerImage(
  (
    JSON.parse(readFileSync(join(setup.modelsRoot, setup.model, 'config.json'), 'utf8')) as {
      vision_config: VisionConfig;
    }
  ).vision_config,
);

/** Records long tasks and the moment the first ranked photo appears, from the page's first line. */
function installProbe(): void {
  const probe: Window['benchProbe'] = { longTasks: [], longFrames: [], firstRankingAt: null };
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
  const watcher = new MutationObserver(() => {
    if (document.querySelector('.card .ranking')) {
      probe.firstRankingAt = performance.now();
      watcher.disconnect();
    }
  });
  watcher.observe(document, { childList: true, subtree: true });
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

async function openApp(page: Page): Promise<void> {
  await page.goto(`./?host=${encodeURIComponent(BENCH_HUB_URL)}&model=${encodeURIComponent(setup.model)}`);
  const input = page.getByRole('textbox', { name: 'Add labels' });
  await input.fill(BENCH_LABELS.slice(0, 10).join(', '));
  await input.press('Enter');
}

async function waitForRankedCards(page: Page, count: number): Promise<void> {
  await page.waitForFunction((count) => document.querySelectorAll('.card .ranking').length >= count, count, {
    polling: 250,
    timeout: 0,
  });
}

/** Time to first result, long tasks and memory, measured in the real app with its React UI. */
async function measureApp(context: BrowserContext, browserPid: number, photos: readonly string[]) {
  const page = await context.newPage();
  const firstResult = async (photo: string) => {
    await openApp(page);
    await page.locator('input[type=file][multiple]').setInputFiles(photo);
    await waitForRankedCards(page, 1);
    return page.evaluate(() => window.benchProbe.firstRankingAt!);
  };
  const coldMs = await firstResult(photos[0]!);
  const warmMs = await firstResult(photos[1]!);

  const { first, total } = setup.uiPhotos;
  const dropped = photos.slice(2, 2 + total);
  expect(dropped).toHaveLength(total);
  const memory: MemorySample[] = [];
  await page.evaluate(() => {
    window.benchProbe.longTasks = [];
    window.benchProbe.longFrames = [];
  });
  await page.locator('input[type=file][multiple]').setInputFiles(dropped.slice(0, first));
  await waitForRankedCards(page, 1 + first);
  const { longTasks, longFrames } = await page.evaluate(() => window.benchProbe);
  const longestFrame = longFrames.reduce((longest, frame) => (frame.duration > longest.duration ? frame : longest), {
    duration: 0,
    summary: 'none',
  });
  memory.push({ photos: first, jsBytes: await jsHeap(page), processBytes: treePss(browserPid) });
  await page.locator('input[type=file][multiple]').setInputFiles(dropped.slice(first));
  await waitForRankedCards(page, 1 + total);
  memory.push({ photos: total, jsBytes: await jsHeap(page), processBytes: treePss(browserPid) });
  await page.close();
  return {
    firstResult: { coldMs, warmMs },
    ui: {
      photos: first,
      longestTaskMs: Math.max(0, ...longTasks),
      tasksOver50Ms: longTasks.length,
      longestFrame: `${Math.round(longestFrame.duration)} ms: ${longestFrame.summary}`,
    },
    memory,
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

test('benchmark', async () => {
  // A profile on disk, as a person's browser has: Cache Storage keeps the model between visits.
  const profile = mkdtempSync(join(tmpdir(), 'cliptag-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    baseURL: BENCH_APP_URL,
  });
  try {
    await context.addInitScript(installProbe);
    const photos = benchPhotos(setup);
    const uiCount = 2 + setup.uiPhotos.total;
    const perSet = setup.throughputPhotos;
    const needed = uiCount + setup.warmUpPhotos + 2 * perSet;
    expect(photos.length, `${setup.photoDir} needs ${needed} photos`).toBeGreaterThanOrEqual(needed);

    const app = await step('app: first result, long tasks, memory', () =>
      measureApp(
        context,
        browserPid(profile),
        photos.map((photo) => photo.path),
      ),
    );

    const page = await context.newPage();
    await page.goto('./bench/');
    await expect(page.locator('body[data-ready=true]')).toBeVisible();
    const bench = benchOn(page);
    const target = (dtype: BenchDtype): ModelUnderTest => ({ model: setup.model, source, dtype });

    const rerank = await step('re-rank the app run photos from IndexedDB', async () => {
      const restored = photos.slice(2, uiCount).map((photo) => photo.url);
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
        ms: median(times),
        restorePhotosPerSecond: (restored.length / restore.ms) * 1000,
      };
    });

    const warmUpPhotos = photos.slice(uiCount, uiCount + setup.warmUpPhotos).map((photo) => photo.url);
    const throughputPhotos = photos.slice(uiCount + setup.warmUpPhotos, needed).map((photo) => photo.url);
    await bench.fetchPhotos([...warmUpPhotos, ...throughputPhotos]);
    const dtypes: DtypeResult[] = [];
    let pipeline100MsPerPhoto = 0;
    for (const dtype of DTYPES) {
      const result = await step(`${dtype}: ours, pipeline, encoder alone, MatMul`, async () => {
        const opened = await bench.openTagger(target(dtype));
        expect(opened.info.dtype).toBe(dtype);
        await bench.addPhotos(warmUpPhotos);
        const ours = [];
        for (const [index, labels] of LABEL_COUNTS.entries()) {
          const rank = await bench.rank(BENCH_LABELS.slice(0, labels), TEMPLATE, 'pick-one');
          const added = await bench.addPhotos(throughputPhotos.slice(index * perSet, (index + 1) * perSet));
          expect(added.imagesEncoded, 'each photo set is new to this dtype').toBe(perSet);
          expect(added.ranked).toBe(perSet);
          ours.push({ labels, rank, photosPerSecond: (perSet / added.ms) * 1000 });
        }
        await bench.closeTagger();

        const byLabelCount = [];
        for (const entry of ours) {
          const count = setup.pipelinePhotos[entry.labels];
          const run = (await bench.run({
            kind: 'pipeline',
            target: target(dtype),
            labels: BENCH_LABELS.slice(0, entry.labels),
            template: TEMPLATE,
            photos: throughputPhotos.slice(0, count),
          })) as PipelineResult;
          const counted = run.photoMs.slice(1);
          const pipelinePhotosPerSecond = (counted.length / counted.reduce((sum, ms) => sum + ms, 0)) * 1000;
          if (entry.labels === 100 && dtype === 'q8') pipeline100MsPerPhoto = 1000 / pipelinePhotosPerSecond;
          byLabelCount.push({
            labels: entry.labels,
            oursPhotosPerSecond: entry.photosPerSecond,
            oursLabelsMs: entry.rank.ms,
            pipelinePhotosPerSecond,
            pipelinePhotos: counted.length,
            ratio: entry.photosPerSecond / pipelinePhotosPerSecond,
          });
        }
        // The last label set encoded the most prompts in one go: its rate is the text encoder's.
        const last = ours.at(-1)!;
        const textLabelsPerSecond = (last.rank.promptsEncoded / last.rank.ms) * 1000;

        const encoder = (await bench.run({
          kind: 'encoder',
          target: target(dtype),
          runs: setup.encoderRuns,
          photos: throughputPhotos.slice(0, 5),
        })) as EncoderResult;
        const gemm = (await bench.run({
          kind: 'gemm',
          ...GEMM,
          quantized: dtype === 'q8',
          runs: setup.gemmRuns,
        })) as GemmResult;
        const encoderPhotosPerSecond = 1000 / median(encoder.runMs);
        const encoderGflops = (flopsPerImage * encoderPhotosPerSecond) / 1e9;
        const gemmGflops = (2 * GEMM.rows * GEMM.inner * GEMM.outer) / (median(gemm.runMs) / 1000) / 1e9;
        return {
          dtype,
          threads: encoder.threads,
          encoderPhotosPerSecond,
          encoderGflops,
          gemmGflops,
          encoderPercentOfGemm: (encoderGflops / gemmGflops) * 100,
          prepareMsPerPhoto: median(encoder.prepareMs),
          textLabelsPerSecond,
          byLabelCount,
          endToEndPercentOfEncoder: (byLabelCount[0]!.oursPhotosPerSecond / encoderPhotosPerSecond) * 100,
        } satisfies DtypeResult;
      });
      dtypes.push(result);
    }

    const [q8, fp32] = dtypes;
    const partial: Omit<BenchReport, 'targets'> = {
      mode: setup.mode,
      date: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        chromium: execFileSync(CHROMIUM_PATH, ['--version'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      },
      model: setup.model,
      flopsPerImage,
      dtypes,
      q8OverFp32: q8!.byLabelCount[0]!.oursPhotosPerSecond / fp32!.byLabelCount[0]!.oursPhotosPerSecond,
      rerank: { ...rerank, pipelineExtrapolatedMs: rerank.photos * pipeline100MsPerPhoto },
      ...app,
    };
    const report: BenchReport = { ...partial, targets: checkTargets(partial) };
    const out = join('bench-results', `bench-${setup.mode}.json`);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${formatReport(report)}\n\nWritten to ${out}`);
    expect(reportShapeProblems(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
