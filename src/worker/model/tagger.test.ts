import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../core/errors';
import { buildRankingRequest } from '../../core/prompts';
import type { LoadParams, PhotoInput, PhotoOutcome, PromptProgress } from '../../core/protocol';
import type { ScoringMode } from '../../core/scoring';
import { NEUTRAL_PROMPTS } from '../../core/scoring';
import { Deferred, settle } from '../../testing/async';
import { COLOURS, FakeServices, axis, colourPhoto } from '../../testing/fake-model';
import { Tagger } from './tagger';

const source = { host: 'http://127.0.0.1:1/', pathTemplate: '{model}/' };
const params = (model: string): LoadParams => ({ model, source, devicePreference: 'wasm' });
const never = () => new AbortController().signal;
const photo = (colour: string, photoId: string = colour): PhotoInput => ({
  photoId,
  file: colourPhoto(colour),
  name: `${photoId}.png`,
});
const labels = (names: string[], mode: ScoringMode = 'pick-one') =>
  buildRankingRequest(names, { templates: ['a photo of {}.'], promptMode: 'single', scoringMode: mode });

async function loadedTagger(services = new FakeServices()) {
  const tagger = new Tagger(services);
  await tagger.load(params('m'), never(), () => {});
  return { tagger, services };
}

/** Adds photos and collects what the tagger reports for each, in order. */
function addPhotos(tagger: Tagger, photos: PhotoInput[], signal = never()) {
  const outcomes: PhotoOutcome[] = [];
  const done = tagger.addPhotos(photos, signal, (outcome) => outcomes.push(outcome));
  return { outcomes, done };
}

const topLabel = (outcome: PhotoOutcome | undefined, names: string[]) => {
  if (outcome?.status !== 'encoded' || !outcome.ranking) return null;
  const probabilities = Array.from(outcome.ranking.probabilities);
  return names[probabilities.indexOf(Math.max(...probabilities))];
};

describe('Tagger: photos', () => {
  it('encodes photos in order, ranks each against the labels in force, and names a file it cannot read', async () => {
    const { tagger, services } = await loadedTagger();
    const names = ['red', 'green', 'blue'];
    await tagger.rank(labels(names), never(), () => {});
    const notes = { photoId: 'notes', file: new File(['meeting notes'], 'notes.txt'), name: 'notes.txt' };
    const { outcomes, done } = addPhotos(tagger, [photo('green'), notes, photo('red')]);
    await expect(done).resolves.toEqual({ encoded: 2, failed: 1, keptForLater: true });
    expect(outcomes.map((outcome) => outcome.photoId)).toEqual(['green', 'notes', 'red']);
    expect(topLabel(outcomes[0], names)).toBe('green');
    expect(topLabel(outcomes[2], names)).toBe('red');
    expect(outcomes[1]).toMatchObject({
      status: 'failed',
      error: { name: 'NotAnImageError', message: 'notes.txt is not an image.' },
    });
    expect(services.current.imagesEncoded).toBe(2);
  });

  it('drops a photo removed while it is being encoded: not stored, not reported, not ranked', async () => {
    const { tagger, services } = await loadedTagger();
    const gate = new Deferred();
    services.current.imageGate = gate;
    const { outcomes, done } = addPhotos(tagger, [photo('red'), photo('green')]);
    await settle();
    tagger.removePhotos(['red']);
    gate.resolve();
    await expect(done).resolves.toEqual({ encoded: 1, failed: 0, keptForLater: true });
    expect(outcomes.map((outcome) => outcome.photoId)).toEqual(['green']);
    const snapshot = await tagger.rank(labels(['red', 'green']), never(), () => {});
    expect(snapshot.photoIds).toEqual(['green']);
  });

  it('does not encode a photo removed while it is being decoded', async () => {
    const { tagger, services } = await loadedTagger();
    services.decodeGate = new Deferred();
    const { outcomes, done } = addPhotos(tagger, [photo('red'), photo('green')]);
    await settle();
    expect(services.decoded.map((entry) => entry.name)).toEqual(['red.png', 'green.png']);
    tagger.removePhotos(['red']);
    services.decodeGate.resolve();
    await done;
    expect(outcomes.map((outcome) => outcome.photoId)).toEqual(['green']);
    expect(services.current.imagesEncoded).toBe(1);
    expect([...services.embeddings.entries.keys()]).toEqual(['m|fp32|green']);
  });

  it('never decodes a photo removed before its turn', async () => {
    const { tagger, services } = await loadedTagger();
    const { outcomes, done } = addPhotos(tagger, [photo('red'), photo('green'), photo('blue'), photo('yellow')]);
    tagger.removePhotos(['yellow']);
    await done;
    expect(services.decoded.map((entry) => entry.name)).toEqual(['red.png', 'green.png', 'blue.png']);
    expect(outcomes.map((outcome) => outcome.photoId)).toEqual(['red', 'green', 'blue']);
  });

  it('stops a cancelled job where it is, and keeps working for the next one', async () => {
    const { tagger, services } = await loadedTagger();
    const gate = new Deferred();
    services.current.imageGate = gate;
    const controller = new AbortController();
    const { outcomes, done } = addPhotos(
      tagger,
      [photo('red'), photo('green'), photo('blue'), photo('yellow')],
      controller.signal,
    );
    await settle();
    controller.abort();
    gate.resolve();
    const error = await done.catch((caught: unknown) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(outcomes).toEqual([]);
    expect(services.current.imagesEncoded).toBe(1);
    expect(services.decoded.length).toBeLessThan(4);

    const next = addPhotos(tagger, [photo('blue', 'again')]);
    await expect(next.done).resolves.toEqual({ encoded: 1, failed: 0, keptForLater: true });
  });

  it('encodes the same bytes once: in one job, across jobs, and when the store already has them', async () => {
    const { tagger, services } = await loadedTagger();
    await services.embeddings.put('m', 'fp32', 'blue', axis(COLOURS.indexOf('blue')));
    await addPhotos(tagger, [photo('red', 'r1'), photo('red', 'r2')]).done;
    await addPhotos(tagger, [photo('red', 'r3'), photo('blue')]).done;
    expect(services.current.imagesEncoded).toBe(1);
    expect(tagger.getStats()).toEqual({ imagesEncoded: 1, imagesFromCache: 3, imageRuns: 1, promptsEncoded: 0 });
    // A photo found in the store is decoded for its thumbnail only.
    expect(services.decoded.filter((entry) => !entry.withPixels).map((entry) => entry.name)).toEqual([
      'r3.png',
      'blue.png',
    ]);
    const snapshot = await tagger.rank(labels(['red', 'blue']), never(), () => {});
    expect(snapshot.photoIds).toEqual(['r1', 'r2', 'r3', 'blue']);
  });
});

describe('Tagger: batches on WebGPU', () => {
  async function webGpuTagger() {
    const services = new FakeServices();
    services.device = { kind: 'webgpu', adapter: 'test', shaderF16: false, maxBufferBytes: 2 ** 27 };
    return loadedTagger(services);
  }
  const shots = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      photoId: `shot${index}`,
      file: colourPhoto(COLOURS[index % COLOURS.length]!, `shot${index}.png`, String(index)),
      name: `shot${index}.png`,
    }));

  it('encodes the photos already prepared together, up to 16 a run, and reports them in order', async () => {
    const { tagger, services } = await webGpuTagger();
    const photos = shots(20);
    const { outcomes, done } = addPhotos(tagger, photos);
    await expect(done).resolves.toEqual({ encoded: 20, failed: 0, keptForLater: true });
    const runs = services.current.imageRuns;
    expect(runs.reduce((sum, size) => sum + size, 0)).toBe(20);
    expect(Math.max(...runs)).toBeLessThanOrEqual(16);
    expect(runs.length).toBeLessThan(20);
    expect(outcomes.map((outcome) => outcome.photoId)).toEqual(photos.map((photo) => photo.photoId));
    const names = [...COLOURS];
    await tagger.rank(labels(names), never(), () => {});
    const next = addPhotos(
      tagger,
      shots(4).map((photo) => ({ ...photo, photoId: `again-${photo.photoId}` })),
    );
    await next.done;
    expect(next.outcomes.map((outcome) => topLabel(outcome, names))).toEqual(names);
  });

  it('encodes the same bytes once even when they are twice in one batch', async () => {
    const { tagger, services } = await webGpuTagger();
    const first = new Deferred();
    services.current.imageGate = first;
    const { outcomes, done } = addPhotos(tagger, [
      photo('green', 'g'),
      photo('red', 'a'),
      photo('red', 'b'),
      photo('blue', 'c'),
    ]);
    await settle();
    first.resolve();
    await done;
    // green alone, then red, red and blue prepared meanwhile: one batch, with the red bytes encoded once.
    expect(services.current.imageRuns).toEqual([1, 2]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['encoded', 'encoded', 'encoded', 'encoded']);
    expect(tagger.getStats()).toMatchObject({ imagesEncoded: 3, imagesFromCache: 1 });
  });

  it('drops a photo removed while its batch is encoded, and keeps the rest of the batch', async () => {
    const { tagger, services } = await webGpuTagger();
    const first = new Deferred();
    services.current.imageGate = first;
    const { outcomes, done } = addPhotos(tagger, shots(4));
    await settle();
    // The first photo went alone; the others were prepared while it was encoded and go together.
    const second = new Deferred();
    services.current.imageGate = second;
    first.resolve();
    await settle();
    expect(services.current.imageRuns).toEqual([1, 3]);
    tagger.removePhotos(['shot2']);
    second.resolve();
    await expect(done).resolves.toEqual({ encoded: 3, failed: 0, keptForLater: true });
    expect(outcomes.map((outcome) => outcome.photoId)).toEqual(['shot0', 'shot1', 'shot3']);
  });
});

describe('Tagger: labels', () => {
  it('encodes each prompt once per model, and only the new ones when labels change', async () => {
    const { tagger, services } = await loadedTagger();
    await addPhotos(tagger, [photo('red'), photo('blue')]).done;
    const first = await tagger.rank(labels(['red', 'green']), never(), () => {});
    const second = await tagger.rank(labels(['red', 'green', 'blue']), never(), () => {});
    expect(services.current.encodedPrompts).toEqual(['a photo of red.', 'a photo of green.', 'a photo of blue.']);
    expect(first.labelCount).toBe(2);
    // Photos x labels, row-major: blue's row puts its weight on the label it gained.
    expect(Array.from(second.probabilities.subarray(3, 6)).map(Math.round)).toEqual([0, 0, 1]);
    expect(services.current.imagesEncoded).toBe(2);
  });

  it('re-ranks with examples ("this is green") without encoding any photo again', async () => {
    const { tagger, services } = await loadedTagger();
    const names = ['red', 'green'];
    const added = addPhotos(tagger, [
      photo('red'),
      photo('blue'),
      { ...photo('blue', 'blue2'), file: colourPhoto('blue', 'blue2.png', '2') },
    ]);
    await added.done;
    const zeroShot = await tagger.rank(labels(names), never(), () => {});
    // Blue is as far from both labels' text: a tie.
    expect(zeroShot.probabilities[2]).toBeCloseTo(0.5, 6);
    const blue = added.outcomes[1];
    if (blue?.status !== 'encoded') throw new Error('blue was not encoded');
    const encoded = services.current.imagesEncoded;

    const taught = await tagger.rank(
      { ...labels(names), key: 'taught', examples: [{ id: 'blue', label: 'green', embedding: blue.embedding }] },
      never(),
      () => {},
    );
    const row = (id: string) => Array.from(taught.probabilities.subarray(taught.photoIds.indexOf(id) * 2).slice(0, 2));
    // One example is enough: the other blue photo, never shown as an example, is now green.
    expect(row('blue2')[1]).toBeGreaterThan(0.9);
    expect(row('red')[0]).toBeGreaterThan(0.9);
    expect(services.current.imagesEncoded).toBe(encoded);
  });

  it('tags with examples under "tag all that apply", for CLIP and SigLIP, without encoding any photo again', async () => {
    for (const family of ['clip', 'siglip'] as const) {
      const services = new FakeServices();
      services.family = family;
      // Fairly sure of red on a red photo, not certain: one correction can overturn that under
      // TAGGING_REGULARISATION (the scale of the untaught tag's logit sets how much it takes).
      services.logitScale = family === 'clip' ? 4 : 12.5;
      const { tagger } = await loadedTagger(services);
      const names = ['red', 'green'];
      const added = addPhotos(tagger, [
        photo('red'),
        { ...photo('red', 'red2'), file: colourPhoto('red', 'red2.png', '2') },
        photo('green'),
      ]);
      await added.done;
      const untaught = await tagger.rank(labels(names, 'tag-all'), never(), () => {});
      const red = added.outcomes[0];
      if (red?.status !== 'encoded') throw new Error('red was not encoded');
      const encoded = services.current.imagesEncoded;
      const taught = await tagger.rank(
        {
          ...labels(names, 'tag-all'),
          key: 'taught',
          examples: [{ id: 'not-red', label: 'red', embedding: red.embedding, negative: true }],
        },
        never(),
        () => {},
      );
      const at = (snapshot: typeof taught, id: string, label: string) =>
        snapshot.probabilities[snapshot.photoIds.indexOf(id) * 2 + names.indexOf(label)]!;
      // "Not red" on one red photo takes the tag off it and off the red photo like it.
      for (const id of ['red', 'red2']) {
        expect(at(untaught, id, 'red'), family).toBeGreaterThan(0.5);
        expect(at(taught, id, 'red'), family).toBeLessThan(0.5);
      }
      // Green has no example: its probabilities are unchanged.
      for (const id of ['red', 'red2', 'green'])
        expect(at(taught, id, 'green')).toBeCloseTo(at(untaught, id, 'green'), 6);
      expect(services.current.imagesEncoded).toBe(encoded);
    }
  });

  it('evaluates encoded photos against their right answers without encoding any photo, and names one missing', async () => {
    const { tagger, services } = await loadedTagger();
    const added = addPhotos(tagger, [photo('red'), photo('green'), photo('blue')]);
    await added.done;
    const encoded = services.current.imagesEncoded;
    const request = {
      labels: ['red', 'green', 'blue'],
      templates: labels(['red', 'green', 'blue']).labels,
      firstTemplate: labels(['red', 'green', 'blue']).labels,
      photoIds: ['red', 'green', 'blue'],
      truth: [[0], [1], [1]],
      threshold: 0.5,
      folds: 2,
    };
    const report = await tagger.evaluate(request, never(), () => {});
    const templates = report.variants[0]!.single!;
    expect(templates.top1).toBeCloseTo(2 / 3);
    // Row "green": one right, one taken for blue.
    expect(templates.confusion.slice(3, 6)).toEqual([0, 1, 1]);
    expect(report.variants.map((variant) => variant.id)).toEqual(['templates', 'first-template', 'few-shot']);
    expect(services.current.imagesEncoded).toBe(encoded);
    await expect(tagger.evaluate({ ...request, photoIds: ['red', 'gone', 'blue'] }, never(), () => {})).rejects.toThrow(
      /removed or is not encoded yet/,
    );
  });

  it('compares each label with neutral prompts in "tag all that apply" for CLIP, not for SigLIP', async () => {
    const clip = await loadedTagger();
    await clip.tagger.rank(labels(['red'], 'tag-all'), never(), () => {});
    expect(clip.services.current.encodedPrompts).toEqual(['a photo of red.', ...NEUTRAL_PROMPTS]);

    const siglipServices = new FakeServices();
    siglipServices.family = 'siglip';
    const siglip = await loadedTagger(siglipServices);
    await siglip.tagger.rank(labels(['red'], 'tag-all'), never(), () => {});
    expect(siglip.services.current.encodedPrompts).toEqual(['a photo of red.']);
  });

  it('encodes a prompt once when rankings overlap: a later one waits for the batch an earlier one began', async () => {
    const { tagger, services } = await loadedTagger();
    services.current.textGate = new Deferred();
    const typing = new AbortController();
    const first = tagger.rank(labels(['red', 'green']), typing.signal, () => {});
    await settle();
    typing.abort(); // The next letter typed replaces this ranking while its batch runs.
    const second = tagger.rank(labels(['red', 'green', 'blue']), never(), () => {});
    await settle();
    services.current.textGate.resolve();
    expect(isAbortError(await first.catch((caught: unknown) => caught))).toBe(true);
    await expect(second).resolves.toMatchObject({ labelCount: 3 });
    expect(services.current.encodedPrompts).toEqual(['a photo of red.', 'a photo of green.', 'a photo of blue.']);
  });

  it('reports text encoding progress and stops between batches when cancelled', async () => {
    const { tagger, services } = await loadedTagger();
    const many = Array.from({ length: 70 }, (_, index) => `label ${index}`);
    const progress: number[] = [];
    await tagger.rank(labels(many), never(), (event) => progress.push(event.encoded));
    expect(progress).toEqual([32, 64, 70]);

    const controller = new AbortController();
    const more = Array.from({ length: 70 }, (_, index) => `other ${index}`);
    const cancelled = tagger.rank(labels(more), controller.signal, () => controller.abort());
    expect(isAbortError(await cancelled.catch((caught: unknown) => caught))).toBe(true);
    expect(services.current.encodedPrompts).toHaveLength(70 + 32);
  });
});

describe('Tagger: first results on the first template', () => {
  const ensemble = (names: string[], mode: ScoringMode = 'pick-one') =>
    buildRankingRequest(names, {
      templates: ['a photo of {}.', 'a {} thing.', 'art of {}.'],
      promptMode: 'ensemble',
      scoringMode: mode,
    });

  it("ranks on each label's first template at once, then on the whole ensemble", async () => {
    const { tagger, services } = await loadedTagger();
    await addPhotos(tagger, [photo('red'), photo('blue')]).done;
    const events: PromptProgress[] = [];
    const request = ensemble(['red', 'blue']);
    const final = await tagger.rank(request, never(), (event) => events.push(event));
    expect(services.current.encodedPrompts.slice(0, 2)).toEqual(['a photo of red.', 'a photo of blue.']);
    expect(events.map(({ encoded, total }) => [encoded, total])).toEqual([
      [2, 6],
      [2, 6],
      [6, 6],
    ]);
    const provisional = events[1]!.provisional!;
    expect(provisional).toMatchObject({ key: request.key, labelCount: 2, photoIds: ['red', 'blue'] });
    expect(events.filter((event) => event.provisional)).toHaveLength(1);
    expect(final).toMatchObject({ key: request.key, photoIds: ['red', 'blue'] });
  });

  it('ranks a photo encoded while the ensemble is refined, on the first templates', async () => {
    const { tagger, services } = await loadedTagger();
    const refining = new Deferred();
    const request = ensemble(['red', 'green']);
    const ranked = tagger.rank(request, never(), (event) => {
      if (event.provisional) services.current.textGate = refining;
    });
    await settle();
    const { outcomes, done } = addPhotos(tagger, [photo('green')]);
    await done;
    expect(topLabel(outcomes[0], ['red', 'green'])).toBe('green');
    expect(outcomes[0]).toMatchObject({ ranking: { key: request.key } });
    refining.resolve();
    await expect(ranked).resolves.toMatchObject({ photoIds: ['green'] });
  });

  it('lets the photos waiting for the encoder go between two refining batches', async () => {
    const { tagger, services } = await loadedTagger();
    const encoding = new Deferred();
    services.current.imageGate = encoding;
    const { done } = addPhotos(tagger, [photo('red'), photo('blue')]);
    await settle();
    const ranked = tagger.rank(ensemble(['red', 'green']), never(), () => {});
    await settle();
    expect(services.current.encodedPrompts).toEqual(['a photo of red.', 'a photo of green.']);
    services.current.imageGate = null;
    encoding.resolve();
    await done;
    await expect(ranked).resolves.toMatchObject({ photoIds: ['red', 'blue'] });
    expect(services.current.encodedPrompts).toHaveLength(6);
  });

  it('gives no provisional ranking with one template, or with the whole ensemble encoded already', async () => {
    const { tagger } = await loadedTagger();
    const events: PromptProgress[] = [];
    await tagger.rank(labels(['red', 'green']), never(), (event) => events.push(event));
    await tagger.rank(ensemble(['red', 'green']), never(), () => {});
    await tagger.rank(ensemble(['green', 'red']), never(), (event) => events.push(event));
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((event) => event.provisional)).toBe(false);
  });
});

describe('Tagger: loading', () => {
  it('loads the model already loaded for free, and shares a load under way', async () => {
    const services = new FakeServices();
    services.holdLoads = true;
    const tagger = new Tagger(services);
    const progress: string[] = [];
    const first = tagger.load(params('a'), never(), () => progress.push('first'));
    const second = tagger.load(params('a'), never(), () => progress.push('second'));
    await settle();
    services.loads[0]!.gate.resolve();
    await expect(Promise.all([first, second])).resolves.toMatchObject([{ model: 'a' }, { model: 'a' }]);
    await tagger.load(params('a'), never(), () => {});
    expect(services.loads).toHaveLength(1);
    // The fake reports once, when the download starts: every caller waiting on the load hears it.
    expect(progress).toEqual(['first', 'second']);
  });

  it('stops a load for another model, whose caller hears AbortError, and forgets the old embeddings', async () => {
    const { tagger, services } = await loadedTagger();
    await addPhotos(tagger, [photo('red')]).done;
    const old = services.current;
    services.holdLoads = true;
    const toA = tagger.load(params('a'), never(), () => {});
    await settle();
    const toB = tagger.load(params('b'), never(), () => {});
    expect(services.loads[1]!.downloads.aborted).toBe(true);
    services.loads[1]!.gate.resolve();
    expect(isAbortError(await toA.catch((caught: unknown) => caught))).toBe(true);
    await settle();
    services.loads[2]!.gate.resolve();
    await expect(toB).resolves.toMatchObject({ model: 'b' });
    expect(old.disposed).toBe(true);
    expect(services.loaded.map((encoders) => encoders.info.model)).toEqual(['m', 'b']);
    const snapshot = await tagger.rank(labels(['red']), never(), () => {});
    expect(snapshot.photoIds).toEqual([]);
  });

  it('keeps downloading while any caller still waits, and stops when the last one cancels', async () => {
    const services = new FakeServices();
    services.holdLoads = true;
    const tagger = new Tagger(services);
    const one = new AbortController();
    const two = new AbortController();
    const first = tagger.load(params('a'), one.signal, () => {});
    const second = tagger.load(params('a'), two.signal, () => {});
    await settle();
    const { downloads } = services.loads[0]!;
    one.abort();
    expect(isAbortError(await first.catch((caught: unknown) => caught))).toBe(true);
    expect(downloads.aborted).toBe(false);
    two.abort();
    expect(isAbortError(await second.catch((caught: unknown) => caught))).toBe(true);
    expect(downloads.aborted).toBe(true);

    const again = tagger.load(params('a'), never(), () => {});
    services.loads[0]!.gate.resolve();
    await settle();
    services.loads[1]!.gate.resolve();
    await expect(again).resolves.toMatchObject({ model: 'a' });
    expect(services.loads).toHaveLength(2);
  });

  it('refuses photos and labels before a model is loaded', async () => {
    const tagger = new Tagger(new FakeServices());
    await expect(tagger.rank(labels(['red']), never(), () => {})).rejects.toThrow(/No model is loaded/);
    await expect(tagger.addPhotos([photo('red')], never(), () => {})).rejects.toThrow(/No model is loaded/);
  });
});

describe('Tagger: model input', () => {
  it('gives the preprocessed pixels and the crop size without encoding or storing the photo', async () => {
    const { tagger, services } = await loadedTagger();
    const input = await tagger.modelInput(photo('green'), never());
    expect(input).toMatchObject({ width: 1, height: COLOURS.length, decodedWidth: 1, decodedHeight: COLOURS.length });
    expect(Array.from(input.pixelValues)).toEqual(Array.from(axis(COLOURS.indexOf('green'))));
    expect(services.current.imagesEncoded).toBe(0);
    expect(services.embeddings.entries.size).toBe(0);
  });
});

describe('Tagger: photos kept by the page, and search', () => {
  it('hands each encoded photo its hash and a copy of its embedding, and takes them back without encoding', async () => {
    const { tagger } = await loadedTagger();
    const { outcomes, done } = addPhotos(tagger, [photo('red'), photo('blue')]);
    await done;
    const kept = outcomes.map((outcome) => {
      if (outcome.status !== 'encoded') throw new Error(`${outcome.photoId} failed`);
      expect(outcome.hash).toBe(outcome.photoId);
      return { photoId: outcome.photoId, embedding: outcome.embedding };
    });

    const fresh = await loadedTagger();
    expect(fresh.tagger.restorePhotos(kept)).toBe(2);
    const snapshot = await fresh.tagger.rank(labels(['red', 'blue']), never(), () => {});
    expect(snapshot.photoIds).toEqual(['red', 'blue']);
    const [redAsRed, redAsBlue, blueAsRed, blueAsBlue] = snapshot.probabilities;
    expect(redAsRed).toBeGreaterThan(redAsBlue!);
    expect(blueAsBlue).toBeGreaterThan(blueAsRed!);
    expect(fresh.services.current.imagesEncoded).toBe(0);
    expect(() => fresh.tagger.restorePhotos([{ photoId: 'x', embedding: new Float32Array(3) }])).toThrow(
      /3 numbers; this model makes/,
    );
  });

  it('ranks every photo by cosine similarity to a phrase, encoding only its prompts', async () => {
    const { tagger, services } = await loadedTagger();
    await addPhotos(tagger, [photo('red'), photo('green'), photo('blue')]).done;
    const result = await tagger.search(['a photo of something green.', 'a drawing of something green.'], never());
    expect(result.photoIds).toEqual(['red', 'green', 'blue']);
    expect(Array.from(result.similarities).map((value) => Math.round(value * 1000) / 1000)).toEqual([0, 1, 0]);
    expect(services.current.imagesEncoded).toBe(3);
    expect(services.current.encodedPrompts).toEqual(['a photo of something green.', 'a drawing of something green.']);
  });
});
