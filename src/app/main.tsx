import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TaggerClient } from '../client/tagger-client';
import { builtInSource, startupChoice } from '../core/settings';
import { measureStartupStep } from '../core/startup-timing';
import { sharedLabelsFrom, withoutSharedLabels } from '../core/share-link';
import { IndexedDbSessionStore } from '../session/indexeddb-session-store';
import { TaggerSession } from '../session/tagger-session';
import { App } from '../ui/App';
import { localSettings } from '../ui/local-settings';
import { UpdatePrompt } from '../ui/UpdatePrompt';
import '../ui/styles.css';
import { registerServiceWorker } from './service-worker';

interface DemoManifest {
  photos: string[];
}

async function loadDemoPhotos(): Promise<File[]> {
  const base = new URL('demo/', document.baseURI);
  const manifest = (await (await fetch(new URL('manifest.json', base))).json()) as DemoManifest;
  return Promise.all(
    manifest.photos.map(async (name) => {
      const response = await fetch(new URL(name, base));
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      const blob = await response.blob();
      return new File([blob], name, { type: blob.type });
    }),
  );
}

const startModelWorker = () =>
  new Worker(new URL('../worker/model/model-worker.ts', import.meta.url), { type: 'module' });
const client = new TaggerClient(() => {
  measureStartupStep('app-start', 0);
  return startModelWorker();
});
const builtIn = builtInSource(document.baseURI);

declare global {
  interface Window {
    /**
     * Console diagnostics: how many photos and prompts the encoders have run on (to check caching), and
     * the pixels the model sees for a file.
     */
    cliptag: {
      stats: () => ReturnType<TaggerClient['stats']>;
      modelInput: (file: File) => ReturnType<TaggerClient['modelInput']>;
    };
  }
}
window.cliptag = {
  stats: () => client.stats(),
  modelInput: (file) => client.modelInput({ photoId: crypto.randomUUID(), file, name: file.name }),
};
const startup = startupChoice({
  search: location.search,
  savedHost: localSettings.modelHost(),
  savedModel: localSettings.model(),
  buildHost: import.meta.env.VITE_MODEL_HOST as string | undefined,
  appBaseUrl: document.baseURI,
});

const sharedLabels = sharedLabelsFrom(location.search);
// Taken in once: a reload then brings back the labels as the person left them, not the link's.
if (sharedLabels) history.replaceState(history.state, '', withoutSharedLabels(location.href));

// The session outlives React's components (StrictMode mounts them twice), so it is made and started here.
const session = new TaggerSession({
  store: typeof indexedDB === 'undefined' ? undefined : new IndexedDbSessionStore(),
  sharedLabels,
  client,
  comparisonClient: () => new TaggerClient(startModelWorker),
  startup: startup.choice,
  hubSource: startup.hubSource,
  builtIn,
  loadDemoPhotos,
  rememberModel: (choice) => localSettings.saveModel(choice.model),
});
session.start(startup.explicit);

const updates = registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App
      session={session}
      startupWarning={startup.hostError}
      builtIn={builtIn}
      saveHost={localSettings.saveModelHost}
    />
    <UpdatePrompt updates={updates} onReload={updates.reload} />
  </StrictMode>,
);
