import { fileURLToPath } from 'node:url';
import { startHubStandIn } from './hub-stand-in';
import { HUB_PORT } from './ports';

/** Starts the Hub stand-in over fixtures/models for the whole run; Playwright calls the returned teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = fileURLToPath(new URL('../fixtures/models', import.meta.url));
  const { server } = await startHubStandIn(root, HUB_PORT);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
