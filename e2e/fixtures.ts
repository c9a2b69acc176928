import { expect, test as base } from '@playwright/test';
import { guardNetwork } from './tagger-page';

/** Every test runs behind the network guard: a request beyond 127.0.0.1, or an upload of image bytes, fails it. */
export const test = base.extend<{ networkGuard: { violations: string[] } }>({
  networkGuard: [
    async ({ context }, use) => {
      const guard = await guardNetwork(context);
      await use(guard);
      expect(guard.violations, 'requests that left 127.0.0.1 or carried image bytes').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
