import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS as baseArgs, CHROMIUM_PATH as executablePath } from './e2e/chromium';
import { APP_PORT, APP_URL } from './e2e/ports';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: { baseURL: APP_URL, headless: true, trace: 'retain-on-failure' },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${APP_PORT} --strictPort`,
    url: APP_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu'] } },
      // The page and its first visit are the same on either device; SwiftShader would only make them slow.
      testIgnore: ['**/first-visit.spec.ts', '**/accessibility.spec.ts'],
      metadata: { device: 'webgpu' },
    },
    {
      // Without the flag navigator.gpu exists but has no adapter: the natural way to reach the WASM fallback.
      name: 'wasm',
      use: { launchOptions: { executablePath, args: baseArgs } },
      metadata: { device: 'wasm' },
    },
  ],
});
