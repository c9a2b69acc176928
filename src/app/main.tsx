import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TaggerClient } from '../client/tagger-client';
import { builtInSource, startupChoice } from '../core/settings';
import { TaggerSession } from '../session/tagger-session';
import { App } from '../ui/App';
import { UpdatePrompt } from '../ui/UpdatePrompt';
import '../ui/styles.css';
import { registerServiceWorker } from './service-worker';

const HOST_SETTING = 'cliptag.modelHost';

function savedHost(): string | null {
  try {
    return localStorage.getItem(HOST_SETTING);
  } catch {
    return null; // Storage can be off (private modes); the setting then lasts only for this visit.
  }
}

function saveHost(host: string | null): void {
  try {
    if (host) localStorage.setItem(HOST_SETTING, host);
    else localStorage.removeItem(HOST_SETTING);
  } catch {
    // As above: without storage the choice still applies now.
  }
}

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

const client = new TaggerClient(
  () => new Worker(new URL('../worker/model/model-worker.ts', import.meta.url), { type: 'module' }),
);
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
const { choice, hostError } = startupChoice({
  search: location.search,
  savedHost: savedHost(),
  buildHost: import.meta.env.VITE_MODEL_HOST as string | undefined,
  appBaseUrl: document.baseURI,
});

// The session outlives React's components (StrictMode mounts them twice), so it is made and started here.
const session = new TaggerSession({ client, startup: choice, builtIn, loadDemoPhotos });
session.loadModel();

const updates = registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} startupWarning={hostError} builtIn={builtIn} saveHost={saveHost} />
    <UpdatePrompt updates={updates} onReload={updates.reload} />
  </StrictMode>,
);
