import { useCallback, useDeferredValue, useRef, useState } from 'react';
import { DEMO_MODEL_ID, DEMO_MODEL_KNOWS } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import type { SavedLabelSet } from '../core/presets';
import type { ModelChoice } from '../core/settings';
import type { ModelSource } from '../core/source';
import { encodingProgress } from '../session/session-state';
import type { TaggerSession } from '../session/tagger-session';
import { LabelEditor } from './LabelEditor';
import { LabelSets } from './LabelSets';
import { ModelStatus } from './ModelStatus';
import { PhotoGrid } from './PhotoGrid';
import { PromptPanel } from './PromptPanel';
import { Settings } from './Settings';
import { usePhotoDropAndPaste } from './photo-input';
import { loadSavedSets, storeSavedSets } from './saved-sets';
import { useSessionState } from './use-session-state';

export interface AppProps {
  session: TaggerSession;
  startupWarning: string | null;
  builtIn: ModelSource;
  saveHost: (host: string | null) => void;
}

export function App({ session, startupWarning, builtIn, saveHost }: AppProps) {
  const state = useSessionState(session);
  // Hundreds of cards render in the background, in slices, while the rest of the page stays responsive.
  const photos = useDeferredValue(state.photos);
  const [savedSets, setSavedSets] = useState(loadSavedSets);
  const [storageError, setStorageError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const addFiles = useCallback((files: readonly File[]) => session.addFiles(files), [session]);
  usePhotoDropAndPaste(addFiles, setDragging);

  const applySettings = useCallback(
    (next: ModelChoice, preference: DevicePreference, host: string | null) => {
      saveHost(host);
      session.loadModel(next, preference);
    },
    [session, saveHost],
  );
  const startDemo = useCallback(() => session.startDemo(), [session]);
  const setLabels = useCallback((labels: string[]) => session.setLabels(labels), [session]);

  const changeSavedSets = useCallback((sets: SavedLabelSet[]) => {
    setSavedSets(sets);
    setStorageError(storeSavedSets(sets));
  }, []);

  const removeOne = useCallback((id: string) => session.removePhotos([id]), [session]);
  const progress = encodingProgress(state.photos);
  const { choice, devicePreference } = state;
  const usingDemo = state.model.status !== 'idle' && choice.model === DEMO_MODEL_ID;

  return (
    <div className={dragging ? 'page dragging' : 'page'}>
      <header className="masthead">
        <div>
          <h1>cliptag</h1>
          <p className="tagline">
            Tag your photos with your own labels. Everything runs in this browser; nothing is uploaded.
          </p>
        </div>
        <Settings
          key={`${choice.model}@${choice.source.host}`}
          current={choice}
          devicePreference={devicePreference}
          builtIn={builtIn}
          onApply={applySettings}
        />
      </header>

      {startupWarning && (
        <p role="alert" className="error">
          {startupWarning}
        </p>
      )}
      <ModelStatus model={state.model} choice={choice} onUseDemo={startDemo} onRetry={() => session.loadModel()} />
      {usingDemo && <p className="note">{DEMO_MODEL_KNOWS}</p>}
      {state.demoError && (
        <p role="alert" className="error">
          {state.demoError}
        </p>
      )}

      <LabelEditor labels={state.labels} error={state.labelsError} onChange={setLabels} />
      <LabelSets
        labels={state.labels}
        templates={state.prompts.templates}
        saved={savedSets}
        onLoadPreset={(set) => setLabels([...set.labels])}
        onLoadSaved={(set) => session.loadLabelSet(set.labels, set.templates)}
        onSavedChange={changeSavedSets}
      />
      {storageError && (
        <p role="alert" className="error">
          {storageError}
        </p>
      )}
      <PromptPanel
        family={state.model.status === 'ready' ? state.model.info.family : 'clip'}
        settings={state.prompts}
        threshold={state.threshold}
        progress={state.promptProgress}
        onChange={(prompts) => session.setPrompts(prompts)}
        onThreshold={(threshold) => session.setThreshold(threshold)}
      />

      <section className="toolbar" aria-label="Photos">
        <button type="button" className="primary" onClick={() => fileInput.current?.click()}>
          Choose photos
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="image/*"
          multiple
          hidden
          aria-label="Choose photos"
          onChange={(event) => {
            addFiles([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        {progress.total > 0 && (
          <span role="status" aria-label="Encoding progress" className="muted">
            {progress.done === progress.total
              ? `${progress.total} ${progress.total === 1 ? 'photo' : 'photos'}`
              : `Encoding ${progress.done} of ${progress.total}`}
          </span>
        )}
        {state.photos.length > 0 && (
          <button type="button" onClick={() => session.clearPhotos()}>
            Clear all
          </button>
        )}
      </section>

      {state.photos.length === 0 ? (
        <div className="drop-hint">
          <p>Drop photos or a folder anywhere on this page, paste one with Ctrl+V, or choose files.</p>
          <p className="muted">No model download yet? Try the built-in demo: it knows colours and shapes.</p>
          {state.model.status !== 'error' && (
            <button type="button" onClick={startDemo}>
              Try the demo
            </button>
          )}
        </div>
      ) : (
        <PhotoGrid photos={photos} threshold={state.threshold} onRemove={removeOne} />
      )}
    </div>
  );
}
