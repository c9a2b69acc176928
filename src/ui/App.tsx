import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { catalogEntry } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import type { SavedLabelSet } from '../core/presets';
import type { ModelChoice } from '../core/settings';
import type { ModelSource } from '../core/source';
import { encodingProgress, rankingSummary } from '../session/session-state';
import type { TaggerSession } from '../session/tagger-session';
import { LabelEditor } from './LabelEditor';
import { LabelSets } from './LabelSets';
import { ModelPicker } from './ModelPicker';
import { ModelStatus } from './ModelStatus';
import { PhotoGrid } from './PhotoGrid';
import { PromptPanel } from './PromptPanel';
import { Settings } from './Settings';
import { usePhotoDropAndPaste } from './photo-input';
import { localSettings } from './local-settings';
import { useSessionState } from './use-session-state';

export interface AppProps {
  session: TaggerSession;
  startupWarning: string | null;
  builtIn: ModelSource;
  saveHost: (host: string | null) => void;
}

/**
 * The page: on wide screens the controls sit in a sidebar and the results fill the rest; on phones
 * the controls come first, compact, with the rarely used ones folded away.
 */
export function App({ session, startupWarning, builtIn, saveHost }: AppProps) {
  const state = useSessionState(session);
  // Hundreds of cards render in the background, in slices, while the rest of the page stays responsive.
  const photos = useDeferredValue(state.photos);
  const [savedSets, setSavedSets] = useState(localSettings.labelSets);
  const [storageError, setStorageError] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const photosHeading = useRef<HTMLHeadingElement>(null);

  const addFiles = useCallback((files: readonly File[]) => session.addFiles(files), [session]);
  usePhotoDropAndPaste(addFiles, setDragging);

  const applySettings = useCallback(
    (next: ModelChoice, preference: DevicePreference, host: string | null) => {
      saveHost(host);
      session.loadModel(next, preference);
    },
    [session, saveHost],
  );
  const startDemo = useCallback(() => {
    session.startDemo();
    // The button pressed is gone once the demo loads: the photos are where the person looks next.
    photosHeading.current?.focus();
  }, [session]);
  const setLabels = useCallback((labels: string[]) => session.setLabels(labels), [session]);
  const changeSavedSets = useCallback((sets: SavedLabelSet[]) => {
    setSavedSets(sets);
    setStorageError(localSettings.saveLabelSets(sets));
  }, []);
  const forgetStoredData = useCallback(async () => {
    await session.forgetStoredData();
    localSettings.forgetAll();
    setSavedSets([]);
  }, [session]);
  const removePhoto = useCallback((id: string) => session.removePhotos([id]), [session]);
  const focusChooseButton = useCallback(() => chooseButton.current?.focus(), []);

  const progress = encodingProgress(state.photos);
  // Read by screen readers only; worked out again when the photos change, not on every render.
  const summary = useMemo(() => rankingSummary(state.photos), [state.photos]);
  const { choice, model } = state;
  const expectedBytes =
    catalogEntry(choice.model)?.encoderBytes[
      state.modelCheck?.models.find((entry) => entry.model === choice.model)?.dtype ?? 'q8'
    ] ?? null;
  const pickFiles = (input: HTMLInputElement | null) => input?.click();

  return (
    <div className={dragging ? 'page dragging' : 'page'}>
      <header className="masthead">
        <div>
          <h1>cliptag</h1>
          <p className="tagline">Tag your photos with your own labels. Nothing leaves this browser.</p>
        </div>
        <button type="button" onClick={() => setSettingsOpen(true)}>
          Model settings
        </button>
      </header>
      <Settings
        key={`${choice.model}@${choice.source.host}@${state.hubSource.host}`}
        open={settingsOpen}
        current={choice}
        hubSource={state.hubSource}
        devicePreference={state.devicePreference}
        builtIn={builtIn}
        onApply={applySettings}
        onForget={forgetStoredData}
        onClose={() => setSettingsOpen(false)}
      />
      {startupWarning && (
        <p role="alert" className="error">
          {startupWarning}
        </p>
      )}

      {model.status === 'idle' && (
        <ModelPicker
          choices={session.catalogChoices()}
          check={state.modelCheck}
          onChoose={(next) => session.loadModel(next)}
          onTryDemo={startDemo}
          onOpenSettings={() => setSettingsOpen(true)}
        />
      )}
      <div className="layout">
        <aside className="controls" aria-label="Labels and settings">
          <ModelStatus
            model={model}
            choice={choice}
            expectedBytes={expectedBytes}
            onUseDemo={startDemo}
            onRetry={() => session.loadModel()}
            onCancel={() => session.cancelLoad()}
          />
          <section className="labels" aria-labelledby="labels-heading">
            <h2 id="labels-heading">Labels</h2>
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
          </section>
          <PromptPanel
            family={model.status === 'ready' ? model.info.family : 'clip'}
            settings={state.prompts}
            threshold={state.threshold}
            progress={state.promptProgress}
            onChange={(prompts) => session.setPrompts(prompts)}
            onThreshold={(threshold) => session.setThreshold(threshold)}
          />
        </aside>

        <main className="results">
          {state.demoError && (
            <p role="alert" className="error">
              {state.demoError}
            </p>
          )}
          {state.storageNotice && <p className="note">{state.storageNotice}</p>}
          <section aria-labelledby="photos-heading">
            <div className="toolbar">
              <h2 id="photos-heading" ref={photosHeading} tabIndex={-1}>
                Photos
              </h2>
              <button type="button" ref={chooseButton} className="primary" onClick={() => pickFiles(fileInput.current)}>
                Choose photos
              </button>
              <button type="button" className="touch-only" onClick={() => pickFiles(cameraInput.current)}>
                Take a photo
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
              <input
                ref={cameraInput}
                type="file"
                accept="image/*"
                capture="environment"
                hidden
                aria-label="Take a photo"
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
                <button
                  type="button"
                  onClick={() => {
                    session.clearPhotos();
                    focusChooseButton();
                  }}
                >
                  Clear all
                </button>
              )}
            </div>
            {state.photos.length === 0 ? (
              <div className="drop-hint">
                <p className="pointer-only">
                  Drop photos or a folder anywhere on this page, paste one with Ctrl+V, or press Choose photos.
                </p>
                <p className="touch-only">Tap Choose photos to pick from your library, or Take a photo.</p>
              </div>
            ) : (
              <PhotoGrid
                photos={photos}
                threshold={state.threshold}
                onRemove={removePhoto}
                onEmptied={focusChooseButton}
              />
            )}
          </section>
        </main>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {summary}
      </p>
    </div>
  );
}
