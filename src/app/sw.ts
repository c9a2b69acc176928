/// <reference types="vite/client" />
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
import { securityHeaders } from '../core/content-policy';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | PrecacheEntry> };

/** The message the page sends (src/app/service-worker.ts) when the person chooses to reload into a new version. */
const SKIP_WAITING = 'SKIP_WAITING';

/**
 * Multi-threaded WASM needs SharedArrayBuffer, hence a cross-origin isolated page. A response the
 * worker gives the page counts as the server's, so adding the headers here isolates the page even on
 * a host that cannot send them (the "coi-serviceworker" approach). The security headers come along:
 * the content security policy reaches the app's workers only as a header on their scripts, and
 * X-Content-Type-Options only as a header at all. Other headers are kept.
 */
const PAGE_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  ...securityHeaders(import.meta.env.VITE_MODEL_HOST ? [import.meta.env.VITE_MODEL_HOST as string] : []),
};

function withPageHeaders(response: Response): Response {
  // Opaque responses and redirects (status 0) have no readable headers and must pass unchanged.
  if (response.status === 0) return response;
  const present = Object.entries(PAGE_HEADERS).every(([name, value]) => response.headers.get(name) === value);
  if (present) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Everything the build emits is precached at install, with its revision: the page, both workers, the
// CSS, ONNX Runtime's plain and asyncify builds, the demo photos, the icons and the manifest. Model
// weights are not here, not even the demo's: transformers.js keeps those it loads in its own Cache Storage.
addPlugins([{ handlerWillRespond: ({ response }) => Promise.resolve(withPageHeaders(response)) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** The app is one page: any visit to it, whatever its query (`?model=`, `?host=`), gets the precached page. */
const scopePath = new URL(self.registration.scope).pathname;
registerRoute(
  ({ request, url }) =>
    request.mode === 'navigate' && (url.pathname === scopePath || url.pathname === `${scopePath}index.html`),
  createHandlerBoundToURL('index.html'),
);

// Nothing else is proxied: every file of the app is in the precache, so everything that must carry the
// headers (the page, its workers and ORT's thread workers) gets them, and any other request goes to the
// network as if there were no service worker. The worker does not claim the page that installed it
// either: that first visit runs as it would without one, and the next load is served by the worker.

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});
