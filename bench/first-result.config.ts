import { defineConfig } from '@playwright/test';
import bench from './playwright.config';

/** `npx playwright test -c bench/first-result.config.ts`: only the first-result breakdown, on the bench's servers. */
export default defineConfig({ ...bench, testMatch: 'first-result.spec.ts', timeout: 600_000 });
