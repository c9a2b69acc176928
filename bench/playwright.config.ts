import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { BENCH_APP_PORT, BENCH_APP_URL } from './ports';
import { BENCH_SETUP } from './setup';

/** `npm run bench` (and its smoke run in `npm test`): one long test that drives the built app and prints a report. */
export default defineConfig({
  testDir: '.',
  testMatch: 'bench.spec.ts',
  outputDir: '../test-results/bench',
  timeout: BENCH_SETUP.mode === 'smoke' ? 300_000 : 3_600_000,
  workers: 1,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: { baseURL: BENCH_APP_URL },
  webServer: {
    command: `npx vite preview --mode bench --host 127.0.0.1 --port ${BENCH_APP_PORT} --strictPort`,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    url: BENCH_APP_URL,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
