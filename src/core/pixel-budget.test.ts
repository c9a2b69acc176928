import { describe, expect, it } from 'vitest';
import { PixelBudget } from './pixel-budget';

/** A piece of work that finishes when told to, recording when it started. */
function job(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { run: () => (started.push(name), done.then(() => name)), finish };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PixelBudget', () => {
  it('runs work side by side while it fits, and the rest in order as pixels come free', async () => {
    const budget = new PixelBudget(100);
    const started: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => job(started, name));
    const results = [budget.use(40, a!.run), budget.use(50, b!.run), budget.use(30, c!.run), budget.use(5, d!.run)];
    await tick();
    expect(started).toEqual(['a', 'b']);
    a!.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    b!.finish();
    c!.finish();
    d!.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets one photo larger than the budget run alone', async () => {
    const budget = new PixelBudget(10);
    const started: string[] = [];
    const [big, small] = ['big', 'small'].map((name) => job(started, name));
    const results = [budget.use(50, big!.run), budget.use(1, small!.run)];
    await tick();
    expect(started).toEqual(['big']);
    big!.finish();
    await tick();
    expect(started).toEqual(['big', 'small']);
    small!.finish();
    await Promise.all(results);
  });

  it('frees the pixels of work that fails', async () => {
    const budget = new PixelBudget(10);
    await expect(budget.use(10, () => Promise.reject(new Error('damaged')))).rejects.toThrow('damaged');
    await expect(budget.use(10, () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
