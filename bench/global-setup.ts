import { startHubStandIn } from '../e2e/hub-stand-in';
import { BENCH_HUB_PORT, BENCH_PHOTO_PORT } from './ports';
import { BENCH_SETUP, photoServerRoot } from './setup';

/** The model host (the e2e Hub stand-in) and a second instance of it for the photos, both on loopback. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const servers = await Promise.all([
    startHubStandIn(BENCH_SETUP.modelsRoot, BENCH_HUB_PORT),
    startHubStandIn(photoServerRoot(BENCH_SETUP), BENCH_PHOTO_PORT),
  ]);
  return async () => {
    await Promise.all(servers.map(({ server }) => new Promise((resolve) => server.close(resolve))));
  };
}
