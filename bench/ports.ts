/** Where `npm run bench` serves the built app, the model host and the photos: loopback, apart from the e2e ports. */
export const BENCH_APP_PORT = Number(process.env.CLIPTAG_BENCH_APP_PORT ?? 4273);
export const BENCH_HUB_PORT = Number(process.env.CLIPTAG_BENCH_HUB_PORT ?? 4280);
export const BENCH_PHOTO_PORT = Number(process.env.CLIPTAG_BENCH_PHOTO_PORT ?? 4281);
export const BENCH_APP_URL = `http://127.0.0.1:${BENCH_APP_PORT}/`;
export const BENCH_HUB_URL = `http://127.0.0.1:${BENCH_HUB_PORT}/`;
