/**
 * Lets photos be decoded side by side while the pixels they decode add up to no more than a budget, so
 * a handful of huge photos arriving together are decoded one after another rather than all at once.
 * One photo within the size limit always proceeds, however large.
 */
export class PixelBudget {
  private inUse = 0;
  private readonly waiting: Array<{ pixels: number; start: () => void }> = [];

  constructor(private readonly budget: number) {}

  /** Runs `work` once `pixels` fit in what the others in flight leave over. */
  async use<T>(pixels: number, work: () => Promise<T>): Promise<T> {
    await this.acquire(pixels);
    try {
      return await work();
    } finally {
      this.release(pixels);
    }
  }

  private fits(pixels: number): boolean {
    return this.inUse === 0 || this.inUse + pixels <= this.budget;
  }

  private acquire(pixels: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(pixels)) {
      this.inUse += pixels;
      return Promise.resolve();
    }
    return new Promise((start) => this.waiting.push({ pixels, start }));
  }

  private release(pixels: number): void {
    this.inUse -= pixels;
    // First come, first served: a small photo does not overtake a large one that waits.
    while (this.waiting[0] && this.fits(this.waiting[0].pixels)) {
      const next = this.waiting.shift()!;
      this.inUse += next.pixels;
      next.start();
    }
  }
}
