// The service worker: keeps the app shell for offline visits and gives every page it serves the
// cross-origin isolation headers that a plain static host cannot send.
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | PrecacheEntry> };

/** The message the page sends (src/app/service-worker.ts) when the person chooses to reload into a new version. */
const SKIP_WAITING = 'SKIP_WAITING';

/**
 * Multi-threaded WASM needs SharedArrayBuffer, hence a cross-origin isolated page. A response the
 * worker gives the page counts as the server's, so adding the headers here isolates the page even on
 * a host that cannot send them (the "coi-serviceworker" approach). Other headers are kept.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function withIsolationHeaders(response: Response): Response {
  // Opaque responses and redirects (status 0) have no readable headers and must pass unchanged.
  if (response.status === 0) return response;
  const present = Object.entries(ISOLATION_HEADERS).every(([name, value]) => response.headers.get(name) === value);
  if (present) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Everything the build emits is precached at install, with its revision: the page, both workers, the
// CSS, ONNX Runtime's plain and asyncify builds, the demo model and photos, the icons and the manifest.
// Models from the Hub are not here: transformers.js keeps them in its own Cache Storage.
addPlugins([{ handlerWillRespond: ({ response }) => Promise.resolve(withIsolationHeaders(response)) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** The app is one page: any visit to it, whatever its query (`?model=`, `?host=`), gets the precached page. */
const scopePath = new URL(self.registration.scope).pathname;
registerRoute(
  ({ request, url }) =>
    request.mode === 'navigate' && (url.pathname === scopePath || url.pathname === `${scopePath}index.html`),
  createHandlerBoundToURL('index.html'),
);

/**
 * Anything else from this origin goes to the network, isolation headers added: a worker or script
 * without them could not load into the isolated page. Other origins (the Hub) are left to the browser.
 */
registerRoute(
  ({ request, sameOrigin }) => sameOrigin && !(request.cache === 'only-if-cached' && request.mode !== 'same-origin'),
  async ({ request }) => withIsolationHeaders(await fetch(request)),
);

// A first install controls the open page at once, so the rest of this visit also works offline (the
// page stays without isolation until it is next loaded). An update waits for SKIP_WAITING instead.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});
