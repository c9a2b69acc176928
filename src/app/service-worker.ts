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
 * The page that installs the worker runs as it would without one: on a host that cannot send COOP/COEP
 * it is not cross-origin isolated, so ORT runs WASM on one thread. Every later load is served by the
 * worker, with the headers, and isolated. We do not reload by ourselves to get there sooner, as
 * coi-serviceworker does: the worker is ready only after precaching 42 MB (41 of them ONNX Runtime's two
 * builds), by when the person may be halfway through a 150 MB model download or have dropped photos,
 * and a reload would throw both away. One thread is slower, not wrong.
 */
export function registerServiceWorker(): AppUpdates {
  const listeners = new Set<() => void>();
  let updateReady = false;
  let switching = false;
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

  const scriptUrl = new URL('sw.js', document.baseURI).href;
  const workbox = new Workbox(scriptUrl);
  // A new version installed, by this page's update check or another tab's, waits for the person.
  workbox.addEventListener('waiting', announceUpdate);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Another tab let a new version take over: this page still runs the old one.
    if (!switching) announceUpdate();
  });
  updates.reload = () => {
    switching = true;
    void navigator.serviceWorker.getRegistration(scriptUrl).then((registration) => {
      const waiting = registration?.waiting;
      // Nothing waits any more (another tab activated it): the new version is already the active one.
      if (!waiting) return location.reload();
      waiting.addEventListener('statechange', () => {
        if (waiting.state === 'activated') location.reload();
      });
      waiting.postMessage({ type: 'SKIP_WAITING' });
    });
  };
  workbox.register().then(
    () => setInterval(() => void workbox.update().catch(() => undefined), UPDATE_CHECK_MS),
    // Without a worker the app still runs; it just needs the network next time.
    (error: unknown) => console.warn('The service worker could not be registered:', error),
  );
  return updates;
}
