import type { Page } from '@playwright/test';
import { STARTUP_PREFIX, STARTUP_STEPS, type StartupStep } from '../src/core/startup-timing';

/** How long a worker may take to hand over its measures (it answers between two encoder runs). */
const WORKER_ANSWER_MS = 10_000;

/** One step on the way to the first ranked photo, in milliseconds from the page's navigation. */
export interface StartupBreakdownStep {
  step: StartupStep;
  /** Where it ran: the page, or the worker whose script URL ends this way. */
  thread: string;
  startMs: number;
  durationMs: number;
}

/** The `cliptag:` measures of one timeline (the page's or a worker's) and where that timeline starts. */
export interface TimelineMeasures {
  thread: string;
  /** `performance.timeOrigin`: milliseconds since 1970 at which this timeline's `performance.now()` is 0. */
  timeOrigin: number;
  measures: { name: string; startTime: number; duration: number }[];
}

/**
 * Puts every timeline's steps on the page's clock: a worker's `performance.now()` counts from its own
 * creation, so its times move by the gap between its time origin and the page's. Steps come in order of
 * their start; a step recorded twice (on two timelines) keeps its first record.
 */
export function alignStartupSteps(
  page: TimelineMeasures,
  workers: readonly TimelineMeasures[],
): StartupBreakdownStep[] {
  const known = new Set<string>(STARTUP_STEPS);
  const steps = new Map<StartupStep, StartupBreakdownStep>();
  for (const timeline of [page, ...workers]) {
    const offset = timeline.timeOrigin - page.timeOrigin;
    for (const measure of timeline.measures) {
      const step = measure.name.slice(STARTUP_PREFIX.length);
      if (!measure.name.startsWith(STARTUP_PREFIX) || !known.has(step)) continue;
      const aligned = {
        step: step as StartupStep,
        thread: timeline.thread,
        startMs: offset + measure.startTime,
        durationMs: measure.duration,
      };
      const before = steps.get(aligned.step);
      if (!before || aligned.startMs < before.startMs) steps.set(aligned.step, aligned);
    }
  }
  return [...steps.values()].sort((a, b) => a.startMs - b.startMs || a.durationMs - b.durationMs);
}

/**
 * A worker's answer, or `silent` after a while: a worker that is ending (the last page's, or one being
 * replaced) may never answer, and has nothing to give.
 */
function answerSoon<T>(answer: Promise<T>, silent: T): Promise<T> {
  return Promise.race([
    answer.catch(() => silent),
    new Promise<T>((resolve) => setTimeout(() => resolve(silent), WORKER_ANSWER_MS)),
  ]);
}

/**
 * The app's own workers. ONNX Runtime's threads are workers too, but they sit blocked waiting for work and
 * never run a script from outside: asking them would only wait out the timeout, twice per visit.
 */
const appWorkers = (page: Page) =>
  page.workers().filter((worker) => !/\/ort-[^/]*$/.test(new URL(worker.url()).pathname));

/** Reads the `cliptag:` measures of the page and of every worker it runs (nested ones included). */
export async function collectStartupBreakdown(page: Page): Promise<StartupBreakdownStep[]> {
  const read = (prefix: string) => ({
    timeOrigin: performance.timeOrigin,
    measures: performance
      .getEntriesByType('measure')
      .filter((entry) => entry.name.startsWith(prefix))
      .map(({ name, startTime, duration }) => ({ name, startTime, duration })),
  });
  const pageTimeline = { thread: 'page', ...(await page.evaluate(read, STARTUP_PREFIX)) };
  const workers = await Promise.all(
    appWorkers(page).map(async (worker) => ({
      thread: new URL(worker.url()).pathname.split('/').pop() ?? worker.url(),
      ...(await answerSoon(worker.evaluate(read, STARTUP_PREFIX), { timeOrigin: 0, measures: [] })),
    })),
  );
  return alignStartupSteps(pageTimeline, workers);
}

/** The breakdown as a table: one line a step, start and duration in milliseconds. */
export function formatStartupBreakdown(steps: readonly StartupBreakdownStep[]): string {
  const width = Math.max(...steps.map(({ step }) => step.length), 4);
  const lines = steps.map(
    ({ step, thread, startMs, durationMs }) =>
      `${step.padEnd(width)} ${startMs.toFixed(0).padStart(7)} ${durationMs.toFixed(0).padStart(7)}  ${thread}`,
  );
  return [`${'step'.padEnd(width)} ${'start'.padStart(7)} ${'ms'.padStart(7)}  thread`, ...lines].join('\n');
}

/**
 * Milliseconds from the first model file request to the last file's arrival, read from the Resource
 * Timing of every worker (the model worker fetches them); 0 when none came over the network (a warm visit
 * reads Cache Storage).
 */
export async function modelDownloadMs(page: Page): Promise<number> {
  const windows = await Promise.all(
    appWorkers(page).map((worker) =>
      answerSoon(
        worker.evaluate(() => {
          const files = performance
            .getEntriesByType('resource')
            .filter((entry) => entry.name.includes('/resolve/')) as PerformanceResourceTiming[];
          if (files.length === 0) return 0;
          return Math.max(...files.map((file) => file.responseEnd)) - Math.min(...files.map((file) => file.fetchStart));
        }),
        0,
      ),
    ),
  );
  return Math.max(0, ...windows);
}
