import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { catalogEntry } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import { mergeLabels } from '../core/labels';
import type { LabelSet, SavedLabelSet } from '../core/presets';
import { shareLink } from '../core/share-link';
import type { ModelChoice } from '../core/settings';
import type { ModelSource } from '../core/source';
import { encodingProgress, rankingSummary } from '../session/session-state';
import type { AddedFile, TaggerSession } from '../session/tagger-session';
import { LabelEditor } from './LabelEditor';
import { LabelSets } from './LabelSets';
import { ExamplesPanel } from './ExamplesPanel';
import { EvaluationPanel } from './EvaluationPanel';
import { EvaluationReport } from './EvaluationReport';
import { ModelPicker } from './ModelPicker';
import { ModelStatus } from './ModelStatus';
import { ConfirmDialog, type Choice } from './ConfirmDialog';
import { PromptPanel } from './PromptPanel';
import { Results } from './Results';
import { UndoBar } from './UndoBar';
import { canOpenFolders, isAnswersFile, openFolder } from './folders';
import { Settings } from './Settings';
import { usePhotoDropAndPaste } from './photo-input';
import { localSettings } from './local-settings';
import { useSessionState } from './use-session-state';

type PresetAnswer = 'add' | 'replace';

const PRESET_CHOICES: Choice<PresetAnswer>[] = [
  { value: 'add', label: 'Add to my labels', primary: true },
  { value: 'replace', label: 'Replace my labels' },
];

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
  const [savedSets, setSavedSets] = useState(localSettings.labelSets);
  const [presetAsked, setPresetAsked] = useState<LabelSet | null>(null);
  const [linkMessage, setLinkMessage] = useState('');
  const [storageError, setStorageError] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const photosHeading = useRef<HTMLHeadingElement>(null);

  // A CSV among the files holds right answers for checking accuracy; everything else is a photo.
  const addFiles = useCallback(
    (files: readonly (File | AddedFile)[]) => {
      const added = files.map((item) => (item instanceof File ? { file: item } : item));
      for (const { file } of added.filter((item) => isAnswersFile(item.file))) session.addAnswers(file);
      const photos = added.filter((item) => !isAnswersFile(item.file));
      if (photos.length > 0) session.addFiles(photos);
    },
    [session],
  );
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
  const focusChooseButton = useCallback(() => chooseButton.current?.focus(), []);
  const undo = useCallback(() => session.undo(), [session]);

  // Photos still waiting for the encoder exist only in this page: leaving would lose them.
  const encoding = state.photos.some((photo) => photo.state === 'queued' && photo.file);
  useEffect(() => {
    if (!encoding) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [encoding]);

  const loadPreset = (set: LabelSet) => {
    const typed = state.labels.filter((label) => !set.labels.includes(label));
    if (typed.length === 0) setLabels([...set.labels]);
    else setPresetAsked(set);
  };
  const answerPreset = (answer: PresetAnswer | null) => {
    if (presetAsked && answer === 'replace') setLabels([...presetAsked.labels]);
    if (presetAsked && answer === 'add') setLabels(mergeLabels(state.labels, presetAsked.labels));
    setPresetAsked(null);
  };
  const copyLink = async () => {
    const link = shareLink(location.href, { labels: state.labels, mode: state.prompts.scoringMode });
    try {
      await navigator.clipboard.writeText(link);
      setLinkMessage('Link copied: it opens this page with these labels.');
    } catch {
      setLinkMessage(`Copy this link: ${link}`);
    }
  };
  const addFolder = async () => {
    const found = await openFolder();
    if (found) addFiles(found);
  };

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
            <LabelEditor
              labels={state.labels}
              error={state.labelsError}
              onChange={setLabels}
              onPhotoDropped={(photoId, label) => session.teach(photoId, label)}
            />
            {state.labels.length > 0 && (
              <p className="share-row">
                <button type="button" className="link" onClick={() => void copyLink()}>
                  Copy a link to these labels
                </button>
                <span role="status" className="muted">
                  {linkMessage}
                </span>
              </p>
            )}
            <LabelSets
              labels={state.labels}
              templates={state.prompts.templates}
              saved={savedSets}
              onLoadPreset={loadPreset}
              onLoadSaved={(set) => session.loadLabelSet(set.labels, set.templates)}
              onSavedChange={changeSavedSets}
            />
            {storageError && (
              <p role="alert" className="error">
                {storageError}
              </p>
            )}
            <ExamplesPanel
              examples={state.examples}
              labels={state.labels}
              photos={state.photos}
              onRemove={(id) => session.removeExample(id)}
            />
          </section>
          <PromptPanel
            family={model.status === 'ready' ? model.info.family : 'clip'}
            settings={state.prompts}
            threshold={state.threshold}
            progress={state.promptProgress}
            onChange={(prompts) => session.setPrompts(prompts)}
            onThreshold={(threshold) => session.setThreshold(threshold)}
          />
          <EvaluationPanel
            evaluation={state.evaluation}
            currentModel={model.status === 'ready' ? model.info.model : null}
            canCheck={model.status === 'ready' && state.photos.length > 0}
            onAnswers={(file) => session.addAnswers(file)}
            onCompareWith={(other) => session.setCompareWith(other)}
            onCheck={() => session.evaluate()}
            onStop={() => session.stopEvaluation()}
          />
        </aside>

        <main className="results">
          {state.demoError && (
            <p role="alert" className="error">
              {state.demoError}
            </p>
          )}
          {state.storageNotice && <p className="note">{state.storageNotice}</p>}
          {state.evaluation.report && (
            <EvaluationReport
              report={state.evaluation.report}
              notes={state.evaluation.notes}
              comparison={state.evaluation.comparison}
              prompts={state.prompts}
              onClose={() => session.closeEvaluation()}
            />
          )}
          <section aria-labelledby="photos-heading">
            <div className="toolbar">
              <h2 id="photos-heading" ref={photosHeading} tabIndex={-1}>
                Photos
              </h2>
              <button type="button" ref={chooseButton} className="primary" onClick={() => pickFiles(fileInput.current)}>
                Choose photos
              </button>
              {canOpenFolders() && (
                <button type="button" className="pointer-only" onClick={() => void addFolder()}>
                  Open a folder
                </button>
              )}
              <button type="button" className="touch-only" onClick={() => pickFiles(cameraInput.current)}>
                Take a photo
              </button>
              <input
                ref={fileInput}
                type="file"
                accept="image/*,.heic,.heif,.tif,.tiff"
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
                accept="image/*,.heic,.heif,.tif,.tiff"
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
              <Results session={session} state={state} onEmptied={focusChooseButton} />
            )}
          </section>
        </main>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {summary}
      </p>
      {/* Read with every card's "Correct it" picker (TeachLabel). */}
      <p id="teach-keys" className="visually-hidden">
        Choose with the arrow keys, then press Enter to teach it.
      </p>
      <UndoBar offer={state.undo} onUndo={undo} />
      <ConfirmDialog
        question={
          presetAsked && {
            title: `Load “${presetAsked.name}”?`,
            message: `You have ${state.labels.length} labels of your own. The preset can replace them, or be added to them.`,
            choices: PRESET_CHOICES,
          }
        }
        onAnswer={answerPreset}
      />
    </div>
  );
}
