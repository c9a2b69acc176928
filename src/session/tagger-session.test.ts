import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaggerClient } from '../client/tagger-client';
import { DEMO_MODEL_ID } from '../core/catalog';
import { ErrorNames } from '../core/errors';
import { DEMO_LABEL_SET } from '../core/presets';
import type { ModelRequests } from '../core/protocol';
import type { RpcRequest } from '../core/rpc';
import type { ModelChoice } from '../core/settings';
import { Deferred, settle } from '../testing/async';
import { FakeServices, colourPhoto } from '../testing/fake-model';
import type { InProcessWorker } from '../testing/in-process-worker';
import { ManualFrames, fakeModelCache, fakeModelWorker } from '../testing/model-worker';
import type { SessionState } from './session-state';
import { MemorySessionStore, type SessionStore } from './session-store';
import { TaggerSession, UNDO_MS, type SessionOptions } from './tagger-session';

const hub: ModelChoice = {
  model: 'cliptag/colours',
  source: { host: 'http://127.0.0.1:1/', pathTemplate: '{model}/' },
};
const builtIn = { host: 'http://127.0.0.1:2/models/', pathTemplate: '{model}/' };

const sessions: TaggerSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.dispose()));

interface SetupOptions {
  loadDemoPhotos?: () => Promise<File[]>;
  cached?: string[];
  store?: SessionStore;
  sharedLabels?: SessionOptions['sharedLabels'];
}

function setup(options: SetupOptions = {}) {
  const services = new FakeServices();
  const workers: InProcessWorker<ModelRequests>[] = [];
  const client = new TaggerClient(() => {
    const worker = fakeModelWorker(services, fakeModelCache(new Set(options.cached)));
    workers.push(worker);
    return worker;
  });
  // The second model of a comparison: its own workers, its own store of embeddings, and it takes green for red.
  const comparisonServices = new FakeServices();
  comparisonServices.seenAs = { green: 'red' };
  const comparisonWorkers: InProcessWorker<ModelRequests>[] = [];
  const comparisonClient = () =>
    new TaggerClient(() => {
      const worker = fakeModelWorker(comparisonServices);
      comparisonWorkers.push(worker);
      return worker;
    });
  const frames = new ManualFrames();
  const loadDemoPhotos = options.loadDemoPhotos ?? (() => Promise.resolve([colourPhoto('blue')]));
  const remembered: ModelChoice[] = [];
  let clock = 0;
  const session = new TaggerSession({
    client,
    comparisonClient,
    startup: hub,
    hubSource: hub.source,
    builtIn,
    loadDemoPhotos,
    frames,
    rememberModel: (choice) => remembered.push(choice),
    now: () => (clock += 1000),
    store: options.store,
    sharedLabels: options.sharedLabels,
  });
  sessions.push(session);
  /** Waits until the session's state passes `check`, letting animation frames come meanwhile. */
  const until = (check: (state: SessionState) => void) =>
    vi.waitFor(() => {
      frames.run();
      check(session.getState());
    });
  const requestsOf = (type: keyof ModelRequests) =>
    workers
      .flatMap((worker) => worker.received as RpcRequest<ModelRequests>[])
      .filter((request) => request.kind === 'request' && request.type === type);
  return { session, services, workers, comparisonServices, comparisonWorkers, frames, until, requestsOf, remembered };
}

/** Each photo's name and top label, as its card shows them. */
function topLabels(state: SessionState): [string, string | null][] {
  return state.photos.map((photo) => {
    if (!photo.ranking) return [photo.name, null];
    const probabilities = Array.from(photo.ranking.probabilities);
    return [photo.name, photo.ranking.labels[probabilities.indexOf(Math.max(...probabilities))] ?? null];
  });
}

describe('TaggerSession: the first model', () => {
  it('downloads nothing until the person chooses, and then remembers the choice', async () => {
    const { session, services, until, remembered } = setup();
    session.start(false);
    await until((state) => expect(state.modelCheck?.models.find((entry) => entry.model === hub.model)).toBeDefined());
    expect(session.getState().model.status).toBe('idle');
    expect(services.loads).toEqual([]);
    const [, catalogModel] = session.catalogChoices();
    session.loadModel(catalogModel);
    await until((state) => expect(state.model.status).toBe('ready'));
    expect(remembered).toEqual([catalogModel]);
  });

  it('loads at once a model this browser already has, or one named in the address', async () => {
    const cached = setup({ cached: [hub.model] });
    cached.session.start(false);
    await cached.until((state) => expect(state.model).toMatchObject({ status: 'ready', info: { model: hub.model } }));

    const named = setup();
    named.session.start(true);
    await named.until((state) => expect(state.model.status).toBe('ready'));
  });

  it('offers the chosen model with the catalog, the demo from the build and the rest from the Hub', () => {
    const { session } = setup();
    const choices = session.catalogChoices();
    expect(choices[0]).toEqual(hub);
    expect(choices.find((choice) => choice.model === DEMO_MODEL_ID)?.source).toEqual(builtIn);
    expect(
      choices.filter((choice) => choice.model.startsWith('Xenova/')).every((choice) => choice.source === hub.source),
    ).toBe(true);
  });

  it('shows how the download goes, and cancelling it stops the download and offers the catalog again', async () => {
    const { session, services, until } = setup();
    services.holdLoads = true;
    session.loadModel();
    await until((state) =>
      expect(state.model).toMatchObject({ status: 'loading', progress: { loaded: 0, total: 100 } }),
    );
    const loading = session.getState().model;
    expect(loading.status === 'loading' && loading.samples).toEqual([{ at: 1000, loaded: 0 }]);
    session.cancelLoad();
    expect(session.getState().model.status).toBe('idle');
    await vi.waitFor(() => expect(services.loads[0]!.downloads.aborted).toBe(true));
    await until((state) => expect(state.modelCheck).not.toBeNull());
  });
});

describe('TaggerSession', () => {
  it('encodes photos added while the model loads once it is ready, and ranks them against the labels', async () => {
    const { session, services, until } = setup();
    services.holdLoads = true;
    session.loadModel();
    session.addFiles([colourPhoto('red'), colourPhoto('green')]);
    session.setLabels(['red', 'green', 'blue']);
    await settle();
    expect(session.getState().model.status).toBe('loading');
    expect(session.getState().photos.map((photo) => photo.state)).toEqual(['queued', 'queued']);
    services.loads[0]!.gate.resolve();
    await until((state) =>
      expect(topLabels(state)).toEqual([
        ['red.png', 'red'],
        ['green.png', 'green'],
      ]),
    );
    expect(session.getState().model).toMatchObject({ status: 'ready', info: { model: hub.model } });
  });

  it('checks accuracy from folders or a CSV of answers, encoding nothing, and says what was left out', async () => {
    const { session, services, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([
      { file: colourPhoto('red'), path: 'eval/red/red.png' },
      { file: colourPhoto('green'), path: 'eval/red/green.png' },
      { file: colourPhoto('blue'), path: 'eval/blue/blue.png' },
      colourPhoto('red', 'loose.png', '2'),
    ]);
    await until((state) => expect(state.photos.every((photo) => photo.ranking)).toBe(true));
    const encoded = services.current.imagesEncoded;
    session.evaluate();
    await until((state) => expect(state.evaluation.status).toBe('done'));
    const { report, notes } = session.getState().evaluation;
    expect(report!.labels).toEqual(['red', 'green', 'blue']);
    expect(report!.truth).toEqual([[0], [0], [2]]);
    expect(report!.variants[0]!.single!.top1).toBeCloseTo(2 / 3);
    expect(notes).toEqual(['1 label from the answers, not in your list, took part in the check.']);

    session.addAnswers(new File(['file,label\nloose.png,red\ngreen.png,green\nnowhere.png,red\n'], 'answers.csv'));
    await until((state) => expect(state.evaluation.answers?.fileName).toBe('answers.csv'));
    session.evaluate();
    await until((state) => expect(state.evaluation.report?.photoIds).toHaveLength(2));
    expect(session.getState().evaluation.report!.variants[0]!.single!.top1).toBe(1);
    expect(session.getState().evaluation.notes).toEqual([
      '1 row of answers.csv matches no photo on the page: nowhere.png.',
    ]);
    expect(services.current.imagesEncoded).toBe(encoded);

    session.addAnswers(new File(['a.png,red\na.png,green\n'], 'bad.csv'));
    await until((state) => expect(state.evaluation.error).toMatch(/bad.csv, line 2: a.png is listed twice/));
  });

  it('compares with a second model on the same photos in a worker of its own, which encodes each photo once', async () => {
    const { session, services, comparisonServices, comparisonWorkers, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([
      { file: colourPhoto('red'), path: 'eval/red/red.png' },
      { file: colourPhoto('green'), path: 'eval/green/green.png' },
    ]);
    await until((state) => expect(state.photos.every((photo) => photo.ranking)).toBe(true));
    const encoded = services.current.imagesEncoded;

    session.setCompareWith(hub.model);
    session.evaluate();
    expect(session.getState().evaluation.error).toBe(
      'cliptag/colours is the model in use. Name another model to compare it with, or leave that box empty.',
    );

    session.setCompareWith(' cliptag/colour-blind ');
    session.evaluate();
    await until((state) => expect(state.evaluation.comparison?.status).toBe('done'));
    const { report, comparison } = session.getState().evaluation;
    expect(report!.model).toBe(hub.model);
    expect(report!.variants[0]!.single!.top1).toBe(1);
    expect(comparison!.choice).toEqual({ model: 'cliptag/colour-blind', source: hub.source });
    expect(comparison!.report!.model).toBe('cliptag/colour-blind');
    expect(comparison!.report!.photoIds).toEqual(report!.photoIds);
    // It takes the green photo for red: half right, and the confusion says which.
    expect(comparison!.report!.variants[0]!.single!.top1).toBe(0.5);
    expect(comparison!.report!.variants[0]!.single!.confusion).toEqual([1, 0, 1, 0]);
    expect(comparison!.notes).toEqual([
      'cliptag/colour-blind encoded 2 of the 2 photos (this browser keeps them for the next comparison).',
    ]);
    expect(comparisonServices.current.imagesEncoded).toBe(2);
    expect(services.current.imagesEncoded, 'the model in use encodes nothing').toBe(encoded);

    session.evaluate();
    await until((state) => expect(state.evaluation.comparison?.status).toBe('done'));
    expect(session.getState().evaluation.comparison!.notes).toEqual([
      'cliptag/colour-blind had every photo’s embedding from an earlier comparison: none was encoded again.',
    ]);
    expect(comparisonServices.current.imagesEncoded).toBe(0);
    expect(comparisonWorkers.map((worker) => worker.terminated)).toEqual([true, true]);
  });

  it('stops a comparison under way and keeps the report already made', async () => {
    const { session, comparisonServices, comparisonWorkers, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([{ file: colourPhoto('red'), path: 'eval/red/red.png' }]);
    await until((state) => expect(state.photos.every((photo) => photo.ranking)).toBe(true));
    comparisonServices.holdLoads = true;
    session.setCompareWith('cliptag/colour-blind');
    session.evaluate();
    await until((state) => expect(state.evaluation.comparison?.status).toBe('loading'));
    session.stopEvaluation();
    const { status, report, comparison } = session.getState().evaluation;
    expect([status, report?.model, comparison]).toEqual(['done', hub.model, null]);
    expect(comparisonWorkers.map((worker) => worker.terminated)).toEqual([true]);
    comparisonServices.loads[0]!.gate.resolve();
    await settle();
    expect(session.getState().evaluation.comparison).toBeNull();
  });

  it('re-ranks without re-encoding photos, one request for labels and templates changed together', async () => {
    const { session, services, until, requestsOf } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([colourPhoto('blue'), colourPhoto('green')]);
    await until((state) =>
      expect(topLabels(state)).toEqual([
        ['blue.png', 'red'],
        ['green.png', 'green'],
      ]),
    );
    const ranksBefore = requestsOf('rank').length;
    session.loadLabelSet(['blue', 'green'], ['a {} thing.']);
    await until((state) =>
      expect(topLabels(state)).toEqual([
        ['blue.png', 'blue'],
        ['green.png', 'green'],
      ]),
    );
    expect(requestsOf('rank')).toHaveLength(ranksBefore + 1);
    expect(services.current.encodedPrompts.slice(-2)).toEqual(['a blue thing.', 'a green thing.']);
    expect(services.current.imagesEncoded).toBe(2);
  });

  it('lands the photos finished between two frames in one update', async () => {
    const { session, services, frames, until } = setup();
    session.loadModel();
    await until((state) => expect(state.model.status).toBe('ready'));
    session.addFiles([colourPhoto('red'), colourPhoto('green'), colourPhoto('blue')]);
    await vi.waitFor(() => expect(services.current.imagesEncoded).toBe(3));
    await settle();
    let updates = 0;
    session.subscribe(() => updates++);
    expect(session.getState().photos.every((photo) => photo.state === 'queued')).toBe(true);
    frames.run();
    expect(updates).toBe(1);
    expect(session.getState().photos.map((photo) => [photo.state, photo.thumbnailUrl?.startsWith('blob:')])).toEqual([
      ['encoded', true],
      ['encoded', true],
      ['encoded', true],
    ]);
  });

  it('shows a file that is not a photo by name and tags the rest', async () => {
    const { session, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([new File(['minutes'], 'notes.txt', { type: 'text/plain' }), colourPhoto('green')]);
    await until((state) => expect(state.photos.map((photo) => photo.state)).toEqual(['failed', 'encoded']));
    expect(session.getState().photos[0]!.error).toBe('notes.txt is not an image.');
    expect(topLabels(session.getState())[1]).toEqual(['green.png', 'green']);
  });

  it('restarts the model when its worker stops, and encodes the photos left waiting with nothing lost', async () => {
    const { session, services, workers, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    await until((state) => expect(state.model.status).toBe('ready'));
    services.current.imageGate = new Deferred();
    session.addFiles([colourPhoto('red'), colourPhoto('green')]);
    await settle();
    const models: SessionState['model'][] = [];
    session.subscribe(() => models.push(session.getState().model));
    workers[0]!.crash('out of memory');
    await until((state) =>
      expect(topLabels(state)).toEqual([
        ['red.png', 'red'],
        ['green.png', 'green'],
      ]),
    );
    expect(models[0]).toMatchObject({ status: 'loading', restarting: true });
    expect(session.getState().model.status).toBe('ready');
    expect(workers).toHaveLength(2);
  });

  it('says so on the model when its worker stops again soon after a restart, and Try again restarts it', async () => {
    const { session, services, workers, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    await until((state) => expect(state.model.status).toBe('ready'));
    workers[0]!.crash('out of memory');
    await until((state) => expect(state.model.status).toBe('ready'));
    services.current.imageGate = new Deferred();
    session.addFiles([colourPhoto('red')]);
    await settle();
    workers[1]!.crash('out of memory');
    await until((state) =>
      expect(state.model).toEqual({
        status: 'error',
        error: {
          name: ErrorNames.workerCrashed,
          message: 'The model stopped (out of memory). Press Try again to restart it; your photos and labels are kept.',
        },
      }),
    );
    expect(session.getState().photos[0]!.state).toBe('queued');
    session.loadModel();
    await until((state) => expect(topLabels(state)).toEqual([['red.png', 'red']]));
    expect(workers).toHaveLength(3);
  });

  it('says once, quietly, when this browser keeps nothing for later, and tags the photos all the same', async () => {
    const { session, services, until } = setup();
    services.embeddings.keptAcrossVisits = false;
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([colourPhoto('red')]);
    await until((state) => expect(topLabels(state)).toEqual([['red.png', 'red']]));
    await until((state) => expect(state.storageNotice).toMatch(/^This browser does not let cliptag store anything/));
    const notice = session.getState().storageNotice;
    session.addFiles([colourPhoto('green')]);
    await until((state) => expect(topLabels(state)[1]).toEqual(['green.png', 'green']));
    expect(session.getState().storageNotice).toBe(notice);
  });

  it('forgets the embeddings kept for later, and the photos on the page keep their rankings', async () => {
    const { session, services, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([colourPhoto('red')]);
    await until((state) => expect(topLabels(state)).toEqual([['red.png', 'red']]));
    expect(services.embeddings.entries.size).toBe(1);
    await session.forgetStoredData();
    expect(services.embeddings.entries.size).toBe(0);
    expect(topLabels(session.getState())).toEqual([['red.png', 'red']]);
  });

  it('a new model stops the old load and re-encodes every photo with the new one', async () => {
    const { session, services, until } = setup();
    session.loadModel();
    session.setLabels(['red', 'green']);
    session.addFiles([colourPhoto('green')]);
    await until((state) => expect(topLabels(state)).toEqual([['green.png', 'green']]));
    const other = { ...hub, model: 'cliptag/other-colours' };
    session.loadModel(other, 'wasm');
    expect(session.getState()).toMatchObject({ choice: other, devicePreference: 'wasm', model: { status: 'loading' } });
    expect(session.getState().photos[0]!.state).toBe('queued');
    await until((state) => expect(topLabels(state)).toEqual([['green.png', 'green']]));
    expect(services.loaded.map((encoders) => [encoders.info.model, encoders.imagesEncoded])).toEqual([
      [hub.model, 1],
      [other.model, 1],
    ]);
  });

  it('starts the demo with its model, labels and photos, and says when its photos cannot be fetched', async () => {
    const { session, until } = setup();
    session.startDemo();
    expect(session.getState().choice).toEqual({ model: DEMO_MODEL_ID, source: builtIn });
    expect(session.getState().labels).toEqual(DEMO_LABEL_SET.labels);
    await until((state) => expect(state.photos.map((photo) => photo.state)).toEqual(['encoded']));

    const failing = setup({ loadDemoPhotos: () => Promise.reject(new Error('HTTP 404')) });
    failing.session.startDemo();
    await failing.until((state) => expect(state.demoError).toBe('The demo photos could not be loaded: HTTP 404'));
  });

  it('removes photos from the page and from the worker', async () => {
    const { session, until, requestsOf } = setup();
    session.loadModel();
    session.addFiles([colourPhoto('red'), colourPhoto('green')]);
    await until((state) => expect(state.photos.map((photo) => photo.state)).toEqual(['encoded', 'encoded']));
    const [red] = session.getState().photos;
    session.removePhotos([red!.id]);
    expect(session.getState().photos.map((photo) => photo.name)).toEqual(['green.png']);
    session.clearPhotos();
    expect(session.getState().photos).toEqual([]);
    await settle();
    expect(requestsOf('remove-photos').map((request) => request.kind === 'request' && request.params)).toEqual([
      { photoIds: [red!.id] },
      { photoIds: [expect.any(String)] },
    ]);
  });
});

describe('TaggerSession: first results', () => {
  it("shows rankings on each label's first template at once, marked as refining until the ensemble is in", async () => {
    const { session, services, until } = setup();
    session.start(true);
    session.addFiles([colourPhoto('red')]);
    await until((state) => expect(state.photos[0]?.state).toBe('encoded'));
    const encoders = services.current;
    const encodeTexts = encoders.encodeTexts.bind(encoders);
    const ensemble = new Deferred();
    let runs = 0;
    encoders.encodeTexts = async (prompts) => {
      if (runs++ > 0) await ensemble.promise;
      return encodeTexts(prompts);
    };
    session.setLabels(['red', 'green']);
    await until((state) => {
      expect(state.refining).toBe(true);
      expect(topLabels(state)).toEqual([['red.png', 'red']]);
    });
    ensemble.resolve();
    await until((state) => expect(state.refining).toBe(false));
    expect(topLabels(session.getState())).toEqual([['red.png', 'red']]);
    expect(encoders.encodedPrompts.length).toBeGreaterThan(2);
  });
});

describe('TaggerSession: a session kept between visits', () => {
  async function firstVisit(store: MemorySessionStore) {
    const visit = setup({ store });
    visit.session.start(true);
    visit.session.setLabels(['red', 'green']);
    visit.session.setPrompts({ ...visit.session.getState().prompts, scoringMode: 'tag-all' });
    visit.session.setThreshold(0.3);
    visit.session.addFiles([colourPhoto('red'), colourPhoto('green'), colourPhoto('blue')]);
    await visit.until((state) => expect(state.photos.every((photo) => photo.ranking)).toBe(true));
    await vi.waitFor(() => expect(store.photos.size).toBe(3));
    return visit;
  }

  it('brings back labels, settings and ranked photos after a reload, encoding none of them again', async () => {
    const store = new MemorySessionStore();
    const first = await firstVisit(store);
    const before = first.session.getState();
    first.session.dispose();

    const second = setup({ store });
    second.session.start(true);
    await second.until((state) => expect(state.photos.filter((photo) => photo.ranking)).toHaveLength(3));
    const after = second.session.getState();
    expect(after.labels).toEqual(['red', 'green']);
    expect(after.prompts.scoringMode).toBe('tag-all');
    expect(after.threshold).toBe(0.3);
    expect(after.photos.map((photo) => [photo.name, photo.file, photo.thumbnailUrl?.startsWith('blob:')])).toEqual([
      ['red.png', null, true],
      ['green.png', null, true],
      ['blue.png', null, true],
    ]);
    expect(after.photos.map((photo) => Array.from(photo.ranking!.probabilities))).toEqual(
      before.photos.map((photo) => Array.from(photo.ranking!.probabilities)),
    );
    expect(second.services.current.imagesEncoded).toBe(0);
    expect(second.services.decoded).toEqual([]);
  });

  it('says which kept photos another model cannot rank, and ranks them again when their model is back', async () => {
    const store = new MemorySessionStore();
    (await firstVisit(store)).session.dispose();
    const second = setup({ store });
    second.session.start(false);
    second.session.loadModel({ model: 'cliptag/other', source: hub.source });
    await second.until((state) => expect(state.photos.filter((photo) => photo.state === 'failed')).toHaveLength(3));
    expect(second.session.getState().photos[0]!.error).toBe(
      'red.png was ranked by another model, and this browser keeps only its thumbnail. ' +
        'Add the photo again to rank it with cliptag/other.',
    );
    second.session.loadModel(hub);
    await second.until((state) => expect(state.photos.filter((photo) => photo.ranking)).toHaveLength(3));
    expect(second.services.loaded.every((encoders) => encoders.imagesEncoded === 0)).toBe(true);
  });

  it('takes labels from a shared link over the kept ones, and keeps them for the next visit', async () => {
    const store = new MemorySessionStore();
    (await firstVisit(store)).session.dispose();
    const shared = setup({ store, sharedLabels: { labels: ['blue', 'yellow'], mode: 'pick-one' } });
    shared.session.start(true);
    await shared.until((state) => expect(state.photos.filter((photo) => photo.ranking)).toHaveLength(3));
    expect(shared.session.getState().labels).toEqual(['blue', 'yellow']);
    expect(shared.session.getState().prompts.scoringMode).toBe('pick-one');
    expect(topLabels(shared.session.getState())[2]).toEqual(['blue.png', 'blue']);
    expect(store.settings).toMatchObject({ labels: ['blue', 'yellow'], prompts: { scoringMode: 'pick-one' } });
  });

  it('forgets removed photos, and undo brings them back in their places without encoding them again', async () => {
    const store = new MemorySessionStore();
    const { session, services, until } = await firstVisit(store);
    const [red, green] = session.getState().photos;
    session.removePhotos([green!.id]);
    session.removePhotos([red!.id]);
    expect(session.getState().undo?.message).toBe('Removed red.png.');
    await vi.waitFor(() => expect([...store.photos.values()].map((photo) => photo.name)).toEqual(['blue.png']));
    session.undo();
    expect(session.getState().undo).toBeNull();
    await until((state) =>
      expect(state.photos.map((photo) => [photo.name, photo.state])).toEqual([
        ['red.png', 'encoded'],
        ['blue.png', 'encoded'],
      ]),
    );
    await until((state) => expect(topLabels(state)[0]).toEqual(['red.png', 'red']));
    expect(store.photos.size).toBe(2);
    expect(services.current.imagesEncoded).toBe(3);
  });

  it('lets an undo lapse after a while', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { session } = setup();
      session.addFiles([colourPhoto('red')]);
      session.clearPhotos();
      expect(session.getState().undo?.message).toBe('Removed red.png.');
      vi.advanceTimersByTime(UNDO_MS);
      expect(session.getState().undo).toBeNull();
      session.undo();
      expect(session.getState().photos).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('TaggerSession: search', () => {
  it('ranks photos by a phrase without encoding any photo again, and follows photos added later', async () => {
    const { session, services, until } = setup();
    session.loadModel();
    session.addFiles([colourPhoto('red'), colourPhoto('blue')]);
    await until((state) => expect(state.photos.every((photo) => photo.state === 'encoded')).toBe(true));
    session.setSearch('something blue');
    await until((state) => expect(state.search.status).toBe('done'));
    const [red, blue] = session.getState().photos;
    const similarities = session.getState().search.similarities!;
    expect(similarities.get(blue!.id)).toBeCloseTo(1, 5);
    expect(similarities.get(red!.id)).toBeCloseTo(0, 5);
    expect(services.current.encodedPrompts.filter((prompt) => prompt.includes('something blue'))).toHaveLength(
      session.getState().prompts.templates.length,
    );
    session.addFiles([colourPhoto('blue', 'blue-2.png', 'again')]);
    await until((state) => expect(state.search.similarities?.size).toBe(3));
    expect(services.current.imagesEncoded).toBe(3);
    session.setSearch('  ');
    expect(session.getState().search).toMatchObject({ phrase: '', similarities: null });
  });
});
