import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PHOTO_PORT } from './ports';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What a benchmark run measures on. The full run is the real-shape ViT-B/32 (untrained) that
 * `make.py bench` writes and 640x480 JPEGs from `make.py photos`; the smoke run, for CI, is the
 * committed toy CLIP and its 12 probe photos, with every count scaled down.
 */
export interface BenchSetup {
  mode: 'full' | 'smoke';
  model: string;
  modelsRoot: string;
  photoDir: string;
  /**
   * Rounds of the throughput measures: each round times ours, the pipeline and the encoder alone on each
   * dtype, so drift in the machine's load lands on every side alike.
   */
  rounds: number;
  /** Photos each side times per round, per dtype and label count. */
  throughputPhotos: number;
  /** Photos each side runs, untimed, after each load: the first runs of a fresh worker are slower. */
  warmUpPhotos: number;
  /** Encoder-alone runs per round. */
  encoderRuns: number;
  gemmRuns: number;
  /** Loads of the app for the time to first result, cold and warm each. */
  firstResultRepeats: number;
  /** The UI run: photos dropped at first (the long-task window), and in all (the memory check). */
  uiPhotos: { first: number; total: number };
  /** The committed toy CLIP: what each photo costs the app besides the encoder shows on so small a model. */
  toyModel: string;
  /** Photos each round prepares alone (no encoder), per size: the 640x480 set and the phone photos. */
  preparePhotos: number;
  /** Where the phone photos (4000x3000 JPEGs from `make.py photos --phone`) are. */
  phonePhotoDir: string;
  /** The many-photos UI run on the toy model: small photos made in `dir`, `first` of them, then the rest. */
  manyPhotos: { first: number; total: number; dir: string };
}

export const BENCH_SETUP: BenchSetup =
  process.env.CLIPTAG_BENCH === 'smoke'
    ? {
        mode: 'smoke',
        model: 'cliptag/toy-clip',
        modelsRoot: join(ROOT, '.cache/bench-models'),
        photoDir: join(ROOT, 'fixtures/reference/toy-clip/probes'),
        rounds: 2,
        throughputPhotos: 1,
        warmUpPhotos: 1,
        encoderRuns: 3,
        gemmRuns: 3,
        firstResultRepeats: 1,
        uiPhotos: { first: 2, total: 4 },
        toyModel: 'cliptag/toy-clip',
        preparePhotos: 1,
        // The committed 6000x4000 JPEG stands in for the phone photos: the case photos' only large JPEG.
        phonePhotoDir: join(ROOT, 'fixtures/reference/preprocess/cases'),
        manyPhotos: { first: 10, total: 40, dir: join(ROOT, '.cache/bench/small-photos') },
      }
    : {
        mode: 'full',
        model: 'cliptag/clip-vit-b32-random',
        modelsRoot: join(ROOT, '.cache/models'),
        photoDir: join(ROOT, '.cache/bench/photos'),
        rounds: 3,
        throughputPhotos: 20,
        warmUpPhotos: 3,
        encoderRuns: 20,
        gemmRuns: 30,
        firstResultRepeats: 3,
        uiPhotos: { first: 200, total: 1000 },
        toyModel: 'cliptag/toy-clip',
        preparePhotos: 10,
        phonePhotoDir: join(ROOT, '.cache/bench/phone-photos'),
        manyPhotos: { first: 1000, total: 10_000, dir: join(ROOT, '.cache/bench/small-photos') },
      };

/** The photos in `dir` (the 640x480 set unless named), sorted by name, each as a path and a URL to fetch. */
export function benchPhotos(setup: BenchSetup, dir = setup.photoDir): { path: string; url: string }[] {
  // The photo server serves `{parent of parent}/{parent}/{dir}/{file}` in the Hub's URL layout.
  const prefix = `http://127.0.0.1:${BENCH_PHOTO_PORT}/${basename(dirname(dir))}/${basename(dir)}/resolve/main/`;
  return readdirSync(dir)
    .filter((name) => /\.(jpe?g|png)$/i.test(name))
    .sort()
    .map((name) => ({ path: join(dir, name), url: `${prefix}${encodeURIComponent(name)}` }));
}

/** The phone photos: the 4000x3000 set, or in the smoke run the committed 6000x4000 case. */
export const phonePhotos = (setup: BenchSetup) =>
  benchPhotos(setup, setup.phonePhotoDir).filter(({ path }) => setup.mode === 'full' || path.includes('6000x4000'));

export const photoServerRoot = (setup: BenchSetup) => dirname(dirname(setup.photoDir));
