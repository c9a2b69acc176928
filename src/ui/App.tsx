import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaggerClient } from '../client/tagger-client';
import { DEMO_MODEL_ID, DEMO_MODEL_KNOWS } from '../core/catalog';
import { DEMO_LABEL_SET, type SavedLabelSet } from '../core/presets';
import type { DevicePreference } from '../core/device';
import type { ModelChoice } from '../core/settings';
import type { ModelSource } from '../core/source';
import { LabelEditor } from './LabelEditor';
import { LabelSets } from './LabelSets';
import { ModelStatus } from './ModelStatus';
import { PhotoCard } from './PhotoCard';
import { PromptPanel } from './PromptPanel';
import { Settings } from './Settings';
import { usePhotoDropAndPaste } from './photo-input';
import { loadSavedSets, storeSavedSets } from './saved-sets';
import { encodingProgress } from './session-state';
import { useTagger } from './use-tagger';

export interface AppProps {
  client: TaggerClient;
  startup: ModelChoice;
  startupWarning: string | null;
  builtIn: ModelSource;
  /** Fetches the demo photos shipped in the build. */
  loadDemoPhotos: () => Promise<File[]>;
  saveHost: (host: string | null) => void;
}

export function App({ client, startup, startupWarning, builtIn, loadDemoPhotos, saveHost }: AppProps) {
  const { state, labelsError, loadModel, addFiles, removePhotos, clearPhotos, setLabels, setPrompts, setThreshold } =
    useTagger(client);
  const [savedSets, setSavedSets] = useState(loadSavedSets);
  const [storageError, setStorageError] = useState<string | null>(null);
  const [choice, setChoice] = useState(startup);
  const [devicePreference, setDevicePreference] = useState<DevicePreference>('auto');
  const [dragging, setDragging] = useState(false);
  const [demoError, setDemoError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => loadModel(startup, 'auto'), [loadModel, startup]);
  usePhotoDropAndPaste(addFiles, setDragging);

  const applySettings = useCallback(
    (next: ModelChoice, preference: DevicePreference, host: string | null) => {
      saveHost(host);
      setChoice(next);
      setDevicePreference(preference);
      loadModel(next, preference);
    },
    [loadModel, saveHost],
  );

  const useDemo = useCallback(() => {
    const demo = { model: DEMO_MODEL_ID, source: builtIn };
    setChoice(demo);
    loadModel(demo, devicePreference);
    if (state.labels.length === 0) setLabels([...DEMO_LABEL_SET.labels]);
    if (state.photos.length === 0) {
      loadDemoPhotos()
        .then(addFiles)
        .catch((error: unknown) => setDemoError(`The demo photos could not be loaded: ${String(error)}`));
    }
  }, [addFiles, builtIn, devicePreference, loadDemoPhotos, loadModel, setLabels, state.labels.length, state.photos.length]);

  const changeSavedSets = useCallback((sets: SavedLabelSet[]) => {
    setSavedSets(sets);
    setStorageError(storeSavedSets(sets));
  }, []);
  const loadSavedSet = useCallback(
    (set: SavedLabelSet) => {
      setLabels([...set.labels]);
      setPrompts({ ...state.prompts, templates: set.templates.length > 0 ? set.templates : state.prompts.templates });
    },
    [setLabels, setPrompts, state.prompts],
  );

  const removeOne = useCallback((id: string) => removePhotos([id]), [removePhotos]);
  const progress = encodingProgress(state.photos);
  const usingDemo = state.model.status !== 'idle' && state.model.choice.model === DEMO_MODEL_ID;

  return (
    <div className={dragging ? 'page dragging' : 'page'}>
      <header className="masthead">
        <div>
          <h1>cliptag</h1>
          <p className="tagline">Tag your photos with your own labels. Everything runs in this browser; nothing is uploaded.</p>
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
      <ModelStatus model={state.model} onUseDemo={useDemo} onRetry={() => loadModel(choice, devicePreference)} />
      {usingDemo && <p className="note">{DEMO_MODEL_KNOWS}</p>}
      {demoError && (
        <p role="alert" className="error">
          {demoError}
        </p>
      )}

      <LabelEditor labels={state.labels} error={labelsError} onChange={setLabels} />
      <LabelSets
        labels={state.labels}
        templates={state.prompts.templates}
        saved={savedSets}
        onLoadPreset={(set) => setLabels([...set.labels])}
        onLoadSaved={loadSavedSet}
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
        onChange={setPrompts}
        onThreshold={setThreshold}
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
          <button type="button" onClick={clearPhotos}>
            Clear all
          </button>
        )}
      </section>

      {state.photos.length === 0 ? (
        <div className="drop-hint">
          <p>Drop photos or a folder anywhere on this page, paste one with Ctrl+V, or choose files.</p>
          <p className="muted">No model download yet? Try the built-in demo: it knows colours and shapes.</p>
          {state.model.status !== 'error' && (
            <button type="button" onClick={useDemo}>
              Try the demo
            </button>
          )}
        </div>
      ) : (
        <ul className="grid" aria-label="Photo results">
          {state.photos.map((photo) => (
            <PhotoCard key={photo.id} photo={photo} threshold={state.threshold} onRemove={removeOne} />
          ))}
        </ul>
      )}
    </div>
  );
}
