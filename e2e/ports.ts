/** Where the built app and the Hub stand-in listen during e2e tests; both only on loopback. */
export const APP_PORT = Number(process.env.CLIPTAG_APP_PORT ?? 4173);
export const HUB_PORT = Number(process.env.CLIPTAG_HUB_PORT ?? 4180);
export const APP_URL = `http://127.0.0.1:${APP_PORT}/`;
export const HUB_URL = `http://127.0.0.1:${HUB_PORT}/`;
/** A second Hub stand-in, started by the tests that need a host that fails. */
export const FAULTY_HUB_PORT = Number(process.env.CLIPTAG_FAULTY_HUB_PORT ?? HUB_PORT + 1);
export const FAULTY_HUB_URL = `http://127.0.0.1:${FAULTY_HUB_PORT}/`;
