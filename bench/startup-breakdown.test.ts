import { describe, expect, it } from 'vitest';
import { alignStartupSteps, formatStartupBreakdown } from './startup-breakdown';

const page = {
  thread: 'page',
  timeOrigin: 1_700_000_000_000,
  measures: [
    { name: 'cliptag:app-start', startTime: 0, duration: 120 },
    { name: 'cliptag:first-ranked-card', startTime: 0, duration: 2_900 },
    { name: 'other:mark', startTime: 5, duration: 1 },
  ],
};

describe('alignStartupSteps', () => {
  it("moves a worker's steps by the gap between its time origin and the page's", () => {
    const worker = {
      thread: 'model-worker.js',
      timeOrigin: page.timeOrigin + 130.5,
      measures: [
        { name: 'cliptag:worker-start', startTime: 0, duration: 400 },
        { name: 'cliptag:session-text', startTime: 600, duration: 800 },
      ],
    };
    expect(alignStartupSteps(page, [worker])).toEqual([
      { step: 'app-start', thread: 'page', startMs: 0, durationMs: 120 },
      { step: 'first-ranked-card', thread: 'page', startMs: 0, durationMs: 2_900 },
      { step: 'worker-start', thread: 'model-worker.js', startMs: 130.5, durationMs: 400 },
      { step: 'session-text', thread: 'model-worker.js', startMs: 730.5, durationMs: 800 },
    ]);
  });

  it('keeps the earliest record of a step seen on two timelines, and ignores unknown names', () => {
    const early = {
      thread: 'a',
      timeOrigin: page.timeOrigin + 10,
      measures: [{ name: 'cliptag:warm-up', startTime: 5, duration: 1 }],
    };
    const late = {
      thread: 'b',
      timeOrigin: page.timeOrigin + 20,
      measures: [
        { name: 'cliptag:warm-up', startTime: 0, duration: 9 },
        { name: 'cliptag:not-a-step', startTime: 0, duration: 9 },
      ],
    };
    const steps = alignStartupSteps({ ...page, measures: [] }, [late, early]);
    expect(steps).toEqual([{ step: 'warm-up', thread: 'a', startMs: 15, durationMs: 1 }]);
  });

  it('prints one line a step', () => {
    const table = formatStartupBreakdown(alignStartupSteps(page, []));
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toMatch(/first-ranked-card\s+0\s+2900\s+page/);
  });
});
