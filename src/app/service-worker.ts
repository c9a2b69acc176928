import { Workbox } from 'workbox-window';

/** Whether a new version of the app waits, as a store for useSyncExternalStore, and the way to switch to it. */
export interface AppUpdates {
  subscribe: (onChange: () => void) => () => void;
  /** True once a new version is installed and waits for this page to reload into it. */
  getSnapshot: () => boolean;
  /** Lets the waiting version take over, then reloads the page into it. */
  reload: () => void;
}

/** False in builds without the worker (the benchmark's); set in vite.config.ts. */
declare const __SERVICE_WORKER__: boolean;

/** Browsers check for a new service worker on each visit; a tab left open also checks this often. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker (src/app/sw.ts) in production builds; `npm run dev` runs without one.
 *
 * On a host that cannot send COOP/COEP, the first visit is not cross-origin isolated (ORT runs WASM on
 * one thread) and the next one is, because the worker then serves the page with the headers. We do not
 * reload by ourselves to get there sooner, as coi-serviceworker does: the worker controls the page only
 * after precaching 48 MB (41 of them ONNX Runtime's two builds), by which time the person may be halfway
 * through a model download of 150 MB or have dropped photos, and a reload would throw both away. One
 * thread is slower, not wrong.
 */
export function registerServiceWorker(): AppUpdates {
  const listeners = new Set<() => void>();
  let updateReady = false;
  let reloadRequested = false;
  const announceUpdate = () => {
    updateReady = true;
    for (const listener of listeners) listener();
  };
  const updates: AppUpdates = {
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    getSnapshot: () => updateReady,
    reload: () => location.reload(),
  };
  if (!import.meta.env.PROD || !__SERVICE_WORKER__ || !('serviceWorker' in navigator)) return updates;

  const workbox = new Workbox(new URL('sw.js', document.baseURI).href);
  // A new version installed, by this page's update check or another tab's, waits for the person.
  workbox.addEventListener('waiting', announceUpdate);
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadRequested) location.reload();
    // Another tab let a new version take over: this page still runs the old one.
    else if (controlled) announceUpdate();
    controlled = true;
  });
  updates.reload = () => {
    reloadRequested = true;
    void navigator.serviceWorker.getRegistration(new URL('./', document.baseURI).href).then((registration) => {
      // No worker waits any more (another tab activated it): the new version already controls this page.
      if (registration?.waiting) registration.waiting.postMessage({ type: 'SKIP_WAITING' });
      else location.reload();
    });
  };
  workbox.register().then(
    () => setInterval(() => void workbox.update().catch(() => undefined), UPDATE_CHECK_MS),
    // Without a worker the app still runs; it just needs the network next time.
    (error: unknown) => console.warn('The service worker could not be registered:', error),
  );
  return updates;
}
