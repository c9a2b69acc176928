import type { TaggerClient } from '../client/tagger-client';
import { DEMO_MODEL_ID, MODEL_CATALOG } from '../core/catalog';
import type { DevicePreference } from '../core/device';
import { ErrorNames, isAbortError, messageOf, toErrorRecord } from '../core/errors';
import { DEMO_LABEL_SET } from '../core/presets';
import type { PromptSettings } from '../core/prompts';
import type { ModelCheck } from '../core/protocol';
import type { ModelChoice } from '../core/settings';
import type { ModelSource } from '../core/source';
import {
  initialSession,
  sessionReducer,
  type FinishedPhoto,
  type Photo,
  type SessionAction,
  type SessionState,
} from './session-state';
import { ThumbnailUrls } from './thumbnail-urls';

/** Runs a callback before the next paint: requestAnimationFrame in the page, a stand-in in tests. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

/** A model worker that stops again this soon after being restarted is left to the person to restart. */
const RESTART_AGAIN_AFTER_MS = 60_000;

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export interface SessionOptions {
  client: TaggerClient;
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
  /** The last worker crash handled: every request pending at the time fails with this one error. */
  private lastCrash: Error | null = null;
  private lastRestartAt = -Infinity;
  private readonly stopWatchingCrashes: () => void;

  constructor(private readonly options: SessionOptions) {
    this.client = options.client;
    this.frames = options.frames ?? animationFrames;
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
    const hubSource = choice.source.host === this.options.builtIn.host ? this.state.hubSource : choice.source;
    this.dispatch({ type: 'model-loading', choice, devicePreference, hubSource, restarting });
    this.client
      .load(
        { model: choice.model, source: choice.source, devicePreference },
        {
          signal: controller.signal,
          onProgress: (progress) => this.dispatch({ type: 'model-progress', progress, at: this.now() }),
        },
      )
      .then((info) => {
        this.dispatch({ type: 'model-ready', info });
        this.options.rememberModel?.(choice);
        this.encode(this.state.photos.filter((photo) => photo.state === 'queued'));
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

  addFiles(files: readonly File[]): void {
    const photos: Photo[] = files.map((file) => ({
      id: crypto.randomUUID(),
      name: file.name || 'pasted image',
      file,
      state: 'queued',
      thumbnailUrl: null,
      error: null,
      ranking: null,
    }));
    this.dispatch({ type: 'photos-added', photos });
    if (this.state.model.status === 'ready') this.encode(photos);
  }

  removePhotos(ids: readonly string[]): void {
    for (const id of ids) this.thumbnails.revoke(id);
    this.dispatch({ type: 'photos-removed', ids });
    this.client.removePhotos([...ids]).catch((error: unknown) => this.workerFailed(error));
  }

  clearPhotos(): void {
    this.removePhotos(this.state.photos.map((photo) => photo.id));
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

  /** Forgets what this browser keeps for later: photo embeddings and downloaded models. The page's photos stay. */
  async forgetStoredData(): Promise<void> {
    await this.client.forgetStoredData();
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
    const { model, request } = this.state;
    if (model.status !== 'ready') this.rankRequest?.abort();
    else if (request !== before.request || model !== before.model) this.scheduleRank();
    for (const listener of this.listeners) listener();
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
        onProgress: (progress) =>
          this.dispatch({ type: 'prompt-progress', progress: progress.encoded < progress.total ? progress : null }),
      })
      .then((snapshot) => {
        // Photos finished before this snapshot must land first, or their older rankings would replace it.
        this.flushFinished();
        this.dispatch({ type: 'ranked', snapshot });
      })
      .catch((error: unknown) => {
        if (!this.workerFailed(error)) this.dispatch({ type: 'labels-failed', message: messageOf(error) });
      })
      .finally(() => {
        if (!controller.signal.aborted) this.dispatch({ type: 'prompt-progress', progress: null });
      });
  }

  private encode(photos: readonly Photo[]): void {
    if (photos.length === 0) return;
    const controller = new AbortController();
    this.photoRequests.add(controller);
    this.client
      .addPhotos(
        photos.map((photo) => ({ photoId: photo.id, file: photo.file, name: photo.name })),
        {
          signal: controller.signal,
          onPhoto: (outcome) => {
            const url =
              outcome.status === 'encoded' ? this.thumbnails.replace(outcome.photoId, outcome.thumbnail) : null;
            this.photoFinished({ outcome, thumbnailUrl: url });
          },
        },
      )
      .then((added) => {
        if (!added.keptForLater) this.dispatch({ type: 'storage-unavailable' });
      })
      .catch((error: unknown) => {
        if (this.workerFailed(error)) return;
        const failure = toErrorRecord(error);
        for (const photo of photos)
          this.photoFinished({ outcome: { photoId: photo.id, status: 'failed', error: failure }, thumbnailUrl: null });
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
    if (finished.length > 0) this.dispatch({ type: 'photos-finished', finished });
  }
}
