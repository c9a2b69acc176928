import type { TaggerClient } from '../client/tagger-client';
import { DEMO_MODEL_ID, MODEL_CATALOG } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import { ErrorNames, isAbortError, messageOf, toErrorRecord } from '../core/errors';
import { DEMO_LABEL_SET } from '../core/presets';
import { buildRankingRequest, type PromptSettings } from '../core/prompts';
import { foldCount } from '../core/evaluation';
import { evaluationLabels, parseAnswers, photoTruths, type Truths } from '../core/ground-truth';
import { labelKey } from '../core/labels';
import type { EvaluationRequest, ModelCheck, RankingSnapshot } from '../core/protocol';
import type { ScoringMode } from '../core/scoring';
import { measureStartupStep } from '../core/startup-timing';
import type { ModelChoice } from '../core/settings';
import { hostLabel, type ModelSource } from '../core/source';
import {
  embeddingKey,
  initialSession,
  sessionReducer,
  type FinishedPhoto,
  type Photo,
  type SessionAction,
  type SessionState,
} from './session-state';
import { MemorySessionStore, exampleFromStore, photoFromStore, storedPhoto, type SessionStore } from './session-store';
import { ThumbnailUrls } from './thumbnail-urls';

/** Runs a callback before the next paint: requestAnimationFrame in the page, a stand-in in tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

/** How long a removal can be undone. */
export const UNDO_MS = 10_000;

/** How long typing must pause before a search runs, and how often a search refreshes while photos arrive. */
export const SEARCH_DELAY_MS = 200;

/** A photo as the page adds it: a file, and where it sits when it came from an opened folder. */
export interface AddedFile {
  file: File;
  /** "holiday/IMG_1.jpg"; the file's name when it came alone. */
  path?: string;
  /** The folder holding it, when the person opened one and the browser can write to it. */
  folder?: FileSystemDirectoryHandle;
}

/** Groups the few-shot probe is cross-validated over when checking accuracy. */
const EVALUATION_FOLDS = 5;

/** What a person should know about which photos and labels a check covered. */
function evaluationNotes(truths: Truths, scored: number, addedLabels: number, answersFile?: string): string[] {
  const notes: string[] = [];
  const left = truths.labels.size - scored;
  if (left > 0) {
    notes.push(
      `${left} ${left === 1 ? 'photo with an answer was' : 'photos with answers were'} left out: not ranked yet, or unreadable.`,
    );
  }
  if (truths.unmatched.length > 0 && answersFile) {
    const shown = truths.unmatched.slice(0, 3).join(', ');
    const more = truths.unmatched.length > 3 ? ` and ${truths.unmatched.length - 3} more` : '';
    const rows = truths.unmatched.length === 1 ? '1 row' : `${truths.unmatched.length} rows`;
    notes.push(
      `${rows} of ${answersFile} ${truths.unmatched.length === 1 ? 'matches' : 'match'} no photo on the page: ${shown}${more}.`,
    );
  }
  if (addedLabels > 0) {
    notes.push(
      `${addedLabels} ${addedLabels === 1 ? 'label' : 'labels'} from the answers, not in your list, took part in the check.`,
    );
  }
  return notes;
}

/** Why a comparison failed; a name the host does not know is the comparison box's to fix, not the settings'. */
function comparisonFailure(choice: ModelChoice, error: unknown): string {
  if (error instanceof Error && error.name === ErrorNames.modelNotFound) {
    return `${hostLabel(choice.source)} has no model named ${choice.model}. Check the name under “Compare with another model”, or pick one it suggests.`;
  }
  return `${choice.model} could not be compared: ${messageOf(error)}`;
}

/** A model worker that stops again this soon after being restarted is left to the person to restart. */
const RESTART_AGAIN_AFTER_MS = 60_000;

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export interface SessionOptions {
  client: TaggerClient;
  /** A client on a worker of its own, for a second model to check accuracy with; disposed after each check. */
  comparisonClient: () => TaggerClient;
  /** The model to offer first (see core/settings' startupChoice). */
  startup: ModelChoice;
  /** Where models other than the demo come from at first: the Hub, or a mirror. */
  hubSource: ModelSource;
  /** Where the built-in demo model is served from: the app's own build. */
  builtIn: ModelSource;
  /** Fetches the demo photos shipped in the build. */
  loadDemoPhotos: () => Promise<File[]>;
  /** Keeps the model that loaded, so the next visit offers it first. */
  rememberModel?: (choice: ModelChoice) => void;
  /** Keeps photos and settings between visits (memory only when not given). */
  store?: SessionStore;
  /** Labels (and a scoring mode) from a shared link: they replace the labels kept from the last visit. */
  sharedLabels?: { labels: string[]; mode: ScoringMode | null } | null;
  frames?: FrameScheduler;
  /** Milliseconds on any steady clock, for download speeds. */
  now?: () => number;
}

/**
 * One person's tagging session, outside React: the state (through one reducer), the model worker's
 * client, the photos' thumbnail URLs and the requests in flight. Components read it through
 * useSyncExternalStore (`subscribe` and `getState`) and call its methods; it outlives any component.
 */
export class TaggerSession {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();
  private readonly client: TaggerClient;
  private readonly frames: FrameScheduler;
  private readonly thumbnails = new ThumbnailUrls();
  private loadRequest: AbortController | null = null;
  private readonly photoRequests = new Set<AbortController>();
  private rankRequest: AbortController | null = null;
  private rankScheduled = false;
  /** Photos finished since the last frame, applied together: one render per frame, not one per photo. */
  private finishedBatch: FinishedPhoto[] = [];
  private frame: number | null = null;
  private readonly store: SessionStore;
  /** Settings are written back only once those kept from the last visit are read, or they would be lost. */
  private settingsRestored = false;
  private lastSeq = 0;
  /** Photos handed to the worker (to encode or restore) since the current model started loading. */
  private readonly submitted = new Set<string>();
  /** Counts model loads, so an answer meant for an earlier model is recognised and dropped. */
  private loadGeneration = 0;
  private undoable: { photos: Photo[]; timer: ReturnType<typeof setTimeout> } | null = null;
  private undoIds = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private searchRequest: AbortController | null = null;
  private evaluationRequest: AbortController | null = null;
  /** The last worker crash handled: every request pending at the time fails with this one error. */
  private lastCrash: Error | null = null;
  private lastRestartAt = -Infinity;
  private readonly stopWatchingCrashes: () => void;

  constructor(private readonly options: SessionOptions) {
    this.client = options.client;
    this.frames = options.frames ?? animationFrames;
    this.store = options.store ?? new MemorySessionStore();
    this.state = initialSession(options.startup, options.hubSource);
    // A worker can die with nothing pending: the model is gone all the same, so it is restarted at once.
    this.stopWatchingCrashes = this.client.onCrash((error) => this.workerFailed(error));
  }

  readonly getState = (): SessionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Starts the session. A model named in the page's address loads at once; otherwise the first model on
   * offer loads only if this browser already has its files, and the page waits for the person's choice.
   */
  start(explicit: boolean): void {
    void this.restore();
    if (explicit) {
      this.loadModel();
      return;
    }
    const offered = this.state.choice;
    void this.checkModels().then((check) => {
      const cached = check?.models.some((entry) => entry.model === offered.model && entry.cached);
      if (cached && this.state.model.status === 'idle' && this.state.choice === offered) this.loadModel();
    });
  }

  /** Stops the download under way (or leaves a failed load) and offers the catalog again. */
  cancelLoad(): void {
    this.loadRequest?.abort();
    this.loadRequest = null;
    this.dispatch({ type: 'load-cancelled' });
    void this.checkModels();
  }

  /** Loads a model (by default the current choice again); photos already added are encoded once it is ready. */
  loadModel(
    choice: ModelChoice = this.state.choice,
    devicePreference: DevicePreference = this.state.devicePreference,
  ): void {
    this.load(choice, devicePreference, false);
  }

  /** Loads a model; `restarting` when its worker stopped unexpectedly and this brings it back. */
  private load(choice: ModelChoice, devicePreference: DevicePreference, restarting: boolean): void {
    this.loadRequest?.abort();
    for (const request of this.photoRequests) request.abort();
    const controller = new AbortController();
    this.loadRequest = controller;
    this.flushFinished(); // So that the new model's loading re-queues them too.
    this.submitted.clear();
    this.loadGeneration++;
    const hubSource = choice.source.host === this.options.builtIn.host ? this.state.hubSource : choice.source;
    this.dispatch({ type: 'model-loading', choice, devicePreference, hubSource, restarting });
    const loadStart = performance.now();
    this.client
      .load(
        { model: choice.model, source: choice.source, devicePreference },
        {
          signal: controller.signal,
          onProgress: (progress) => this.dispatch({ type: 'model-progress', progress, at: this.now() }),
        },
      )
      .then((info) => {
        measureStartupStep('model-load', loadStart);
        this.dispatch({ type: 'model-ready', info });
        this.options.rememberModel?.(choice);
        this.submitQueued();
        this.refreshSearch();
        void this.checkModels();
      })
      .catch((error: unknown) => {
        if (!this.workerFailed(error)) this.dispatch({ type: 'model-failed', error: toErrorRecord(error) });
      });
  }

  /** The built-in demo: its model, and its labels and photos where the user has none yet. */
  startDemo(): void {
    this.loadModel({ model: DEMO_MODEL_ID, source: this.options.builtIn });
    if (this.state.labels.length === 0) this.setLabels([...DEMO_LABEL_SET.labels]);
    if (this.state.photos.length > 0) return;
    this.options
      .loadDemoPhotos()
      .then((files) => this.addFiles(files))
      .catch((error: unknown) =>
        this.dispatch({ type: 'demo-failed', message: `The demo photos could not be loaded: ${messageOf(error)}` }),
      );
  }

  addFiles(files: readonly (File | AddedFile)[]): void {
    const photos: Photo[] = files.map((added) => {
      const { file, path, folder } = added instanceof File ? { file: added } : added;
      const name = file.name || 'pasted image';
      return {
        id: crypto.randomUUID(),
        seq: this.nextSeq(),
        name,
        path: path ?? name,
        sizeBytes: file.size,
        file,
        folder: folder ?? null,
        state: 'queued',
        thumbnailUrl: null,
        error: null,
        ranking: null,
        encoded: null,
      };
    });
    this.dispatch({ type: 'photos-added', photos });
    this.submitQueued();
  }

  /** Removes photos from the page, the worker and this browser's storage; `undo` brings them back for a while. */
  removePhotos(ids: readonly string[]): void {
    const removing = new Set(ids);
    const removed = this.state.photos.filter((photo) => removing.has(photo.id));
    if (removed.length === 0) return;
    for (const id of ids) this.submitted.delete(id);
    this.dispatch({ type: 'photos-removed', ids });
    this.client.removePhotos([...ids]).catch((error: unknown) => this.workerFailed(error));
    this.keep(this.store.deletePhotos(ids));
    const count = removed.length === 1 ? removed[0]!.name : `${removed.length} photos`;
    this.offerUndo(`Removed ${count}.`, removed);
  }

  clearPhotos(): void {
    this.removePhotos(this.state.photos.map((photo) => photo.id));
  }

  /** Brings back the photos removed last, in their places, ranked again without encoding those already encoded. */
  undo(): void {
    const offer = this.undoable;
    if (!offer) return;
    clearTimeout(offer.timer);
    this.undoable = null;
    this.dispatch({ type: 'undo-offered', offer: null });
    // Encoded photos go back to the worker by their embeddings: the queue hands them over.
    const returning = offer.photos.map((photo): Photo =>
      photo.state === 'encoded' ? { ...photo, state: 'queued', ranking: null } : photo,
    );
    this.dispatch({ type: 'photos-reinserted', photos: returning });
    this.keep(this.store.putPhotos(offer.photos.flatMap((photo) => storedPhoto(photo) ?? [])));
    this.submitQueued();
  }

  /** Ranks the photos by similarity to a phrase, once typing pauses; an empty phrase ends the search. */
  setSearch(phrase: string): void {
    this.dispatch({ type: 'search-changed', phrase });
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    this.searchRequest?.abort();
    this.refreshSearch();
  }

  setLabels(labels: string[]): void {
    this.dispatch({ type: 'labels-changed', labels });
  }

  setPrompts(prompts: PromptSettings): void {
    this.dispatch({ type: 'prompts-changed', prompts });
  }

  /** A saved set: its labels, and its templates when it has any. */
  loadLabelSet(labels: readonly string[], templates: readonly string[]): void {
    this.setLabels([...labels]);
    if (templates.length > 0) this.setPrompts({ ...this.state.prompts, templates });
  }

  /**
   * "This is X" (or "not X" when `negative`): the photo becomes an example of the label, and every photo
   * is ranked again, none encoded.
   */
  teach(photoId: string, label: string, negative = false): void {
    this.dispatch({ type: 'example-taught', photoId, label, negative });
  }

  /** Takes an example back: the ranking is as if it had never been taught. */
  removeExample(id: string): void {
    this.dispatch({ type: 'example-removed', id });
  }

  /** A CSV of right answers (file,label[,label...]): checks read them instead of the photos' folders. */
  addAnswers(file: File): void {
    file
      .text()
      .then((text) =>
        this.dispatch({ type: 'answers-added', fileName: file.name, rows: parseAnswers(text, file.name) }),
      )
      .catch((error: unknown) => this.dispatch({ type: 'evaluation-failed', message: messageOf(error) }));
  }

  /**
   * Checks the labels against the right answers of the photos on the page (their folders' names, or
   * the CSV given): every photo is scored from its embedding, none is encoded. With a second model
   * named, that model then checks the same photos in a worker of its own, encoding only those it has not
   * seen before (its embeddings are kept for the next comparison).
   */
  evaluate(): void {
    const { model, photos, labels, prompts, threshold, evaluation } = this.state;
    if (model.status !== 'ready') return;
    const fail = (message: string) => this.dispatch({ type: 'evaluation-failed', message });
    const other = evaluation.compareWith.trim();
    if (other === model.info.model) {
      fail(`${other} is the model in use. Name another model to compare it with, or leave that box empty.`);
      return;
    }
    const truths = photoTruths(photos, evaluation.answers?.rows ?? null);
    const answered = photos.filter((photo) => photo.state === 'encoded' && truths.labels.has(photo.id));
    // The second model reads the photos themselves: both models are checked on the photos whose files are here.
    const scored = other ? answered.filter((photo) => photo.file) : answered;
    if (scored.length === 0) {
      fail(
        answered.length > 0
          ? 'The photos with answers came from an earlier visit, and their files are not kept: add them again to compare models.'
          : evaluation.answers
            ? `No photo on the page is listed in ${evaluation.answers.fileName}. Add the photos it lists, then check again.`
            : 'No photo on the page is in a labelled folder yet. Open or drop a folder with one subfolder per label (cats/, dogs/…), or add a CSV of file,label rows.',
      );
      return;
    }
    const answers = scored.map((photo) => truths.labels.get(photo.id)!);
    const checked = evaluationLabels(labels, answers);
    const index = new Map(checked.map((label, position) => [labelKey(label), position]));
    const notes = evaluationNotes(truths, scored.length, checked.length - labels.length, evaluation.answers?.fileName);
    const fromEarlierVisit = answered.length - scored.length;
    if (fromEarlierVisit > 0) {
      notes.push(
        `${fromEarlierVisit} ${fromEarlierVisit === 1 ? 'photo' : 'photos'} from an earlier visit left out: their files are not kept, so ${other} cannot read them.`,
      );
    }
    const request: EvaluationRequest = {
      labels: checked,
      templates: buildRankingRequest(checked, prompts).labels,
      firstTemplate: buildRankingRequest(checked, { ...prompts, promptMode: 'single' }).labels,
      photoIds: scored.map((photo) => photo.id),
      truth: answers.map((labelsOfPhoto) => labelsOfPhoto.map((label) => index.get(labelKey(label))!)),
      threshold,
      folds: foldCount(scored.length, EVALUATION_FOLDS),
    };
    this.evaluationRequest?.abort();
    const controller = new AbortController();
    this.evaluationRequest = controller;
    this.dispatch({ type: 'evaluation-started' });
    this.client
      .evaluate(request, { signal: controller.signal })
      .then((report) => {
        this.dispatch({ type: 'evaluation-done', report, notes });
        if (other) return this.compare(this.choiceOf(other), request, scored, controller.signal);
      })
      .catch((error: unknown) => {
        if (!this.workerFailed(error)) fail(messageOf(error));
      });
  }

  /** Where a model named by the person comes from: the demo from the app itself, any other from the Hub in use. */
  private choiceOf(model: string): ModelChoice {
    return { model, source: model === DEMO_MODEL_ID ? this.options.builtIn : this.state.hubSource };
  }

  /** The check again with a second model, on the same photos and labels, in a worker of its own. */
  private async compare(
    choice: ModelChoice,
    request: EvaluationRequest,
    photos: readonly Photo[],
    signal: AbortSignal,
  ): Promise<void> {
    const client = this.options.comparisonClient();
    const stop = () => client.dispose();
    signal.addEventListener('abort', stop);
    this.dispatch({ type: 'comparison-started', choice, total: photos.length });
    try {
      await client.load(
        { model: choice.model, source: choice.source, devicePreference: this.state.devicePreference },
        { signal, onProgress: (progress) => this.dispatch({ type: 'comparison-progress', progress }) },
      );
      const encoded = new Set<string>();
      await client.addPhotos(
        photos.map((photo) => ({ photoId: photo.id, file: photo.file!, name: photo.name })),
        {
          signal,
          onPhoto: (outcome) => {
            if (outcome.status !== 'encoded') return;
            encoded.add(outcome.photoId);
            this.dispatch({ type: 'comparison-encoded', encoded: encoded.size });
          },
        },
      );
      const kept = request.photoIds.flatMap((id, row) => (encoded.has(id) ? [row] : []));
      if (kept.length === 0) throw new Error(`${choice.model} could not read any of the photos.`);
      const report = await client.evaluate(
        {
          ...request,
          photoIds: kept.map((row) => request.photoIds[row]!),
          truth: kept.map((row) => request.truth[row]!),
          folds: foldCount(kept.length, EVALUATION_FOLDS),
        },
        { signal },
      );
      const { imagesEncoded } = await client.stats();
      const notes = [
        imagesEncoded === 0
          ? `${choice.model} had every photo’s embedding from an earlier comparison: none was encoded again.`
          : `${choice.model} encoded ${imagesEncoded} of the ${kept.length} photos (this browser keeps them for the next comparison).`,
      ];
      const unread = photos.length - kept.length;
      if (unread > 0)
        notes.push(`${unread} ${unread === 1 ? 'photo' : 'photos'} ${choice.model} could not read left out.`);
      this.dispatch({ type: 'comparison-done', report, notes });
    } catch (error) {
      if (!signal.aborted) this.dispatch({ type: 'comparison-failed', message: comparisonFailure(choice, error) });
    } finally {
      signal.removeEventListener('abort', stop);
      client.dispose();
    }
  }

  /** Stops a check under way, with its comparison; a report already made stays. */
  stopEvaluation(): void {
    this.evaluationRequest?.abort();
    this.evaluationRequest = null;
    this.dispatch({ type: 'evaluation-stopped' });
  }

  setCompareWith(model: string): void {
    this.dispatch({ type: 'compare-with-changed', model });
  }

  /** Closes the report and forgets the answers file. */
  closeEvaluation(): void {
    this.evaluationRequest?.abort();
    this.dispatch({ type: 'evaluation-closed' });
  }

  setThreshold(threshold: number): void {
    this.dispatch({ type: 'threshold-changed', threshold });
  }

  /** The models on offer: the one chosen first (the default, or the one last used), then the rest of the catalog. */
  catalogChoices(): ModelChoice[] {
    const { choice, hubSource } = this.state;
    const others = MODEL_CATALOG.filter((entry) => entry.id !== choice.model).map((entry) => ({
      model: entry.id,
      source: entry.id === DEMO_MODEL_ID ? this.options.builtIn : hubSource,
    }));
    return [choice, ...others];
  }

  /**
   * Forgets what this browser keeps for later: photo embeddings, downloaded models, and the session kept
   * for the next visit. The photos and labels on the page stay until it is closed.
   */
  async forgetStoredData(): Promise<void> {
    await Promise.all([this.client.forgetStoredData(), this.store.clear()]);
    void this.checkModels();
  }

  /** Asks the worker which models this browser has already; null when it could not tell. */
  private async checkModels(): Promise<ModelCheck | null> {
    try {
      const check = await this.client.checkModels(this.catalogChoices(), this.state.devicePreference);
      this.dispatch({ type: 'models-checked', check });
      return check;
    } catch (error) {
      // Not knowing what is cached only costs a download offered that was not needed.
      this.workerFailed(error);
      return null;
    }
  }

  /** Stops every request, the worker and the frame callback, and frees the thumbnails. */
  dispose(): void {
    this.loadRequest?.abort();
    this.rankRequest?.abort();
    this.searchRequest?.abort();
    this.evaluationRequest?.abort();
    if (this.searchTimer !== null) clearTimeout(this.searchTimer);
    if (this.undoable) clearTimeout(this.undoable.timer);
    for (const request of this.photoRequests) request.abort();
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.frame = null;
    this.thumbnails.revokeAll();
    this.stopWatchingCrashes();
    this.client.dispose();
    this.listeners.clear();
  }

  private dispatch(action: SessionAction): void {
    const before = this.state;
    this.state = sessionReducer(before, action);
    if (this.state === before) return;
    const { model, request, labels, prompts, threshold, examples } = this.state;
    if (model.status !== 'ready') this.rankRequest?.abort();
    else if (request !== before.request || model !== before.model) this.scheduleRank();
    if (prompts !== before.prompts) this.refreshSearch();
    const settingsChanged =
      labels !== before.labels ||
      prompts !== before.prompts ||
      threshold !== before.threshold ||
      examples !== before.examples;
    if (this.settingsRestored && settingsChanged) {
      this.keep(this.store.putSettings({ labels, prompts, threshold, examples }));
    }
    for (const listener of this.listeners) listener();
  }

  private nextSeq(): number {
    // Milliseconds since 1970, so photos added after a reload come after the ones kept from before.
    this.lastSeq = Math.max(Date.now(), this.lastSeq + 1);
    return this.lastSeq;
  }

  /**
   * Brings back the last visit's settings and photos (thumbnails and embeddings, ranked again without
   * being encoded once the same model is loaded), then labels from a shared link over the kept ones.
   */
  private async restore(): Promise<void> {
    const kept = await this.store.load().catch((error: unknown) => {
      this.storageFailed(error);
      return { photos: [], settings: null };
    });
    const { settings } = kept;
    // Labels typed while the store was being read win over the kept ones.
    if (settings && this.state.labels.length === 0) {
      this.dispatch({ type: 'prompts-changed', prompts: settings.prompts });
      this.dispatch({ type: 'threshold-changed', threshold: settings.threshold });
      this.dispatch({ type: 'labels-changed', labels: settings.labels });
      if (settings.examples) {
        this.dispatch({ type: 'examples-restored', examples: settings.examples.map(exampleFromStore) });
      }
    }
    const shared = this.options.sharedLabels;
    if (shared) {
      if (shared.mode)
        this.dispatch({ type: 'prompts-changed', prompts: { ...this.state.prompts, scoringMode: shared.mode } });
      this.dispatch({ type: 'labels-changed', labels: shared.labels });
    }
    this.settingsRestored = true;
    const { labels, prompts, threshold, examples } = this.state;
    // Settings changed while the store was read were not written: write what is in force now.
    this.keep(this.store.putSettings({ labels, prompts, threshold, examples }));
    if (kept.photos.length === 0) return;
    this.lastSeq = Math.max(this.lastSeq, ...kept.photos.map((photo) => photo.seq));
    const photos = kept.photos.map((stored) =>
      photoFromStore(stored, this.thumbnails.replace(stored.id, stored.thumbnail)),
    );
    this.dispatch({ type: 'photos-reinserted', photos });
    this.submitQueued();
  }

  /**
   * Hands the queued photos to the loaded model: by their embeddings where this model made them, as
   * files to encode otherwise; a photo with neither (kept from a visit with another model) is marked.
   */
  private submitQueued(): void {
    const { model } = this.state;
    if (model.status !== 'ready') return;
    const key = embeddingKey(model.info);
    const queued = this.state.photos.filter((photo) => photo.state === 'queued' && !this.submitted.has(photo.id));
    for (const photo of queued) this.submitted.add(photo.id);
    const restorable = queued.filter((photo) => photo.encoded?.embeddingKey === key);
    const rest = queued.filter((photo) => photo.encoded?.embeddingKey !== key);
    const unavailable = rest.filter((photo) => !photo.file).map((photo) => photo.id);
    if (unavailable.length > 0)
      this.dispatch({ type: 'photos-unavailable', ids: unavailable, model: model.info.model });
    this.restoreInWorker(restorable);
    this.encode(rest.filter((photo) => photo.file));
  }

  private restoreInWorker(photos: readonly Photo[]): void {
    if (photos.length === 0) return;
    const generation = this.loadGeneration;
    const ids = photos.map((photo) => photo.id);
    this.client
      .restorePhotos(photos.map((photo) => ({ photoId: photo.id, embedding: photo.encoded!.embedding })))
      .then(() => {
        if (generation !== this.loadGeneration) return; // Another model has been chosen since.
        this.dispatch({ type: 'photos-restored', ids });
        this.scheduleRank();
        this.refreshSearch();
      })
      .catch((error: unknown) => {
        if (this.workerFailed(error)) return;
        const failure = toErrorRecord(error);
        for (const photoId of ids) this.photoFinished(this.failed(photoId, failure));
      });
  }

  /** Offers to undo a removal; an earlier offer lapses, and the thumbnails of what it removed are freed. */
  private offerUndo(message: string, photos: Photo[]): void {
    this.expireUndo();
    const timer = setTimeout(() => this.expireUndo(), UNDO_MS);
    this.undoable = { photos, timer };
    this.dispatch({ type: 'undo-offered', offer: { id: ++this.undoIds, message } });
  }

  private expireUndo(): void {
    const offer = this.undoable;
    if (!offer) return;
    clearTimeout(offer.timer);
    this.undoable = null;
    const present = new Set(this.state.photos.map((photo) => photo.id));
    for (const photo of offer.photos) if (!present.has(photo.id)) this.thumbnails.revoke(photo.id);
    this.dispatch({ type: 'undo-offered', offer: null });
  }

  /** Runs the search again soon (photos arrived, or the model or templates changed), unless one is due already. */
  private refreshSearch(): void {
    if (!this.state.search.phrase.trim() || this.searchTimer !== null) return;
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      this.search();
    }, SEARCH_DELAY_MS);
  }

  private search(): void {
    const { search, model, prompts } = this.state;
    const phrase = search.phrase;
    if (model.status !== 'ready' || !phrase.trim()) return;
    this.searchRequest?.abort();
    const controller = new AbortController();
    this.searchRequest = controller;
    const [phrasePrompts] = buildRankingRequest([phrase], prompts).labels;
    this.dispatch({ type: 'search-started' });
    this.client
      .search(phrasePrompts!.prompts, { signal: controller.signal })
      .then(({ photoIds, similarities }) => {
        const byPhoto = new Map(photoIds.map((id, row) => [id, similarities[row]!]));
        this.dispatch({ type: 'search-answered', phrase, similarities: byPhoto });
      })
      .catch((error: unknown) => {
        if (!this.workerFailed(error)) this.dispatch({ type: 'search-failed', phrase, message: messageOf(error) });
      });
  }

  /** Waits for a write to this browser's storage; the first failure is said once, and the page goes on. */
  private keep(write: Promise<void>): void {
    write.catch((error: unknown) => this.storageFailed(error));
  }

  private storageFailed(error: unknown): void {
    this.dispatch({
      type: 'storage-failed',
      message: `This browser is not keeping your photos and labels (${messageOf(error)}); they will be gone after a reload.`,
    });
  }

  private failed(photoId: string, error: ReturnType<typeof toErrorRecord>): FinishedPhoto {
    return { outcome: { photoId, status: 'failed', error }, thumbnailUrl: null, embeddingKey: '' };
  }

  /** Ranks once after the current call stack, so that labels and templates changed together cost one request. */
  private scheduleRank(): void {
    if (this.rankScheduled) return;
    this.rankScheduled = true;
    queueMicrotask(() => {
      this.rankScheduled = false;
      this.rank();
    });
  }

  private rank(): void {
    this.rankRequest?.abort();
    const { model, request } = this.state;
    if (model.status !== 'ready') return;
    const controller = new AbortController();
    this.rankRequest = controller;
    this.client
      .rank(request, {
        signal: controller.signal,
        onProgress: ({ encoded, total, provisional }) => {
          if (provisional) this.ranked(provisional, true);
          this.dispatch({ type: 'prompt-progress', progress: encoded < total ? { encoded, total } : null });
        },
      })
      .then((snapshot) => this.ranked(snapshot, false))
      .catch((error: unknown) => {
        if (!this.workerFailed(error)) this.dispatch({ type: 'labels-failed', message: messageOf(error) });
      })
      .finally(() => {
        if (!controller.signal.aborted) this.dispatch({ type: 'prompt-progress', progress: null });
      });
  }

  private ranked(snapshot: RankingSnapshot, provisional: boolean): void {
    // Photos finished before this snapshot must land first, or their older rankings would replace it.
    this.flushFinished();
    this.dispatch({ type: 'ranked', snapshot, provisional });
  }

  private encode(photos: readonly Photo[]): void {
    const { model } = this.state;
    if (photos.length === 0 || model.status !== 'ready') return;
    const key = embeddingKey(model.info);
    const controller = new AbortController();
    this.photoRequests.add(controller);
    this.client
      .addPhotos(
        photos.map((photo) => ({ photoId: photo.id, file: photo.file!, name: photo.name })),
        {
          signal: controller.signal,
          onPhoto: (outcome) => {
            const url =
              outcome.status === 'encoded' ? this.thumbnails.replace(outcome.photoId, outcome.thumbnail) : null;
            this.photoFinished({ outcome, thumbnailUrl: url, embeddingKey: key });
          },
        },
      )
      .then((added) => {
        if (!added.keptForLater) this.dispatch({ type: 'storage-unavailable' });
      })
      .catch((error: unknown) => {
        if (this.workerFailed(error)) return;
        const failure = toErrorRecord(error);
        for (const photo of photos) this.photoFinished(this.failed(photo.id, failure));
      })
      .finally(() => this.photoRequests.delete(controller));
  }

  /**
   * True when `error` needs nothing more from the caller: a cancellation, or the model worker having
   * stopped, which takes the loaded model with it. The model is then loaded again in a fresh worker and
   * the photos not yet encoded resume; if it stops again within a minute, the model says so, once.
   */
  private workerFailed(error: unknown): boolean {
    if (isAbortError(error)) return true;
    if (!(error instanceof Error) || error.name !== ErrorNames.workerCrashed) return false;
    if (error === this.lastCrash) return true;
    this.lastCrash = error;
    const { status } = this.state.model;
    if (status !== 'ready' && status !== 'loading') return true; // It held no model the page relies on.
    if (this.now() - this.lastRestartAt > RESTART_AGAIN_AFTER_MS) {
      this.lastRestartAt = this.now();
      this.load(this.state.choice, this.state.devicePreference, true);
    } else {
      this.dispatch({ type: 'model-lost', error: toErrorRecord(error) });
    }
    return true;
  }

  private readonly now = (): number => (this.options.now ?? (() => performance.now()))();

  private photoFinished(item: FinishedPhoto): void {
    this.finishedBatch.push(item);
    this.frame ??= this.frames.request(() => this.flushFinished());
  }

  private flushFinished(): void {
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.frame = null;
    const finished = this.finishedBatch;
    this.finishedBatch = [];
    if (finished.length === 0) return;
    this.dispatch({ type: 'photos-finished', finished });
    const encoded = new Set(finished.flatMap(({ outcome }) => (outcome.status === 'encoded' ? [outcome.photoId] : [])));
    if (encoded.size === 0) return;
    this.keep(
      this.store.putPhotos(this.state.photos.flatMap((photo) => (encoded.has(photo.id) && storedPhoto(photo)) || [])),
    );
    this.refreshSearch();
  }
}
