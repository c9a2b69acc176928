/**
 * The benchmark's report: what `npm run bench` writes as JSON and prints as a table, the issue's
 * targets, and the shape check the CI smoke run applies to the JSON.
 */

/** ViT vision encoder config fields, as config.json's vision_config names them. */
export interface VisionConfig {
  image_size: number;
  patch_size: number;
  num_channels: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  projection_dim: number;
}

/**
 * FLOPs of one image through a ViT (2 per multiply-add, as GEMM rates are counted): patch embedding,
 * per layer QKV + output projections, attention scores and mixing, the MLP, then the projection.
 * ViT-B/32 gives 8.82 GFLOP. Norms, softmax and GELU are left out, as in the usual count.
 */
export function vitFlopsPerImage(config: VisionConfig): number {
  const patches = (config.image_size / config.patch_size) ** 2;
  const tokens = patches + 1;
  const width = config.hidden_size;
  const patchEmbedding = patches * config.num_channels * config.patch_size ** 2 * width;
  const perLayer =
    4 * tokens * width * width + 2 * tokens * tokens * width + 2 * tokens * width * config.intermediate_size;
  const multiplyAdds = patchEmbedding + config.num_hidden_layers * perLayer + width * config.projection_dim;
  return 2 * multiplyAdds;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A figure measured once per round: its median, which targets are checked against, and its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** One value per round, in the order measured. */
  values: number[];
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values: [...values] };
}

/** The spread of a figure derived from two measured in the same rounds (a ratio, say), round by round. */
export function combine(a: Spread, b: Spread, by: (a: number, b: number) => number): Spread {
  return spread(a.values.map((value, round) => by(value, b.values[round]!)));
}

export type BenchDtype = 'q8' | 'fp32';

/** Ours against the library's pipeline for one label count, same model and dtype, in the same rounds. */
export interface LabelCountResult {
  labels: number;
  /** Photos/s of adding photos to the app's worker, labels already encoded: decode, preprocess, encode, rank. */
  oursPhotosPerSecond: Spread;
  /** The one-off cost of encoding this many labels, which ours pays once per label set. */
  oursLabelsMs: Spread;
  pipelinePhotosPerSecond: Spread;
  /** Photos each side times per round. */
  photosPerRound: number;
  /** oursPhotosPerSecond / pipelinePhotosPerSecond, round by round. */
  ratio: Spread;
}

export interface DtypeResult {
  dtype: BenchDtype;
  threads: number;
  encoderPhotosPerSecond: Spread;
  encoderGflops: Spread;
  gemmGflops: Spread;
  /** Vision encoder GFLOP/s as a percentage of a bare ORT MatMul's, same dtype and threads. */
  encoderPercentOfGemm: Spread;
  prepareMsPerPhoto: Spread;
  textLabelsPerSecond: Spread;
  byLabelCount: LabelCountResult[];
  /** End-to-end photos/s at 10 labels as a percentage of the encoder-alone rate, round by round. */
  endToEndPercentOfEncoder: Spread;
}

export interface MemorySample {
  photos: number;
  /** The page's JS heap (main thread) after a forced collection. */
  jsBytes: number;
  /** Proportional set size summed over every Chromium process of the run. */
  processBytes: number;
}

/** The sizes of photo the preparation is measured on. */
export type PhotoSize = '640x480' | '12 MP';

/** The preparation's steps: the content hash, then the photo worker's. */
export const PREPARATION_STEPS = ['hash', 'decode', 'read', 'resize', 'thumbnail'] as const;
export type PreparationStep = (typeof PREPARATION_STEPS)[number];

/** The app's preparation of one size of photo, without the encoder: each figure a median per round. */
export interface PreparationResult {
  size: PhotoSize;
  photosPerRound: number;
  /** Milliseconds per photo, prepared one at a time. */
  msPerPhoto: Spread;
  steps: Record<PreparationStep, Spread>;
  /** Wall milliseconds per photo with two prepared side by side, as the model worker asks for them. */
  overlappedMsPerPhoto: Spread;
}

/** One step on the way to the first ranked card, over the visits: when it starts and how long it takes. */
export interface StartupStepSpread {
  step: string;
  thread: string;
  startMs: Spread;
  durationMs: Spread;
}

/** The toy model at 10 labels, q8: ours against its encoder alone and the pipeline, in the same rounds. */
export interface ToyResult {
  model: string;
  oursPhotosPerSecond: Spread;
  encoderPhotosPerSecond: Spread;
  pipelinePhotosPerSecond: Spread;
  endToEndPercentOfEncoder: Spread;
  /** What each photo costs the app besides the encoder: 1 / ours - 1 / encoder alone, in ms. */
  fixedMsPerPhoto: Spread;
  /** Ours / pipeline photos/s. */
  ratio: Spread;
}

/** Thousands of small photos through the real app on the toy model. */
export interface ManyPhotosResult {
  model: string;
  /** Photos dropped at first, and in all once the rest were dropped. */
  photos: { first: number; total: number };
  /** From dropping the rest to every photo ranked. */
  encodeSeconds: number;
  /** The longest main-thread task while the rest were dropped, while they encoded, and while the grid scrolled. */
  longestTaskMs: { drop: number; encoding: number; scrolling: number };
  tasksOver50Ms: { drop: number; encoding: number; scrolling: number };
  /** The page's JS heap after a forced collection, at the first count and at the total. */
  jsBytes: { first: number; total: number };
  /** Elements in the page at the first count and at the total. */
  domNodes: { first: number; total: number };
}

/** The 1, 5 and 15 minute load averages, as os.loadavg() gives them. */
export type LoadAverage = [number, number, number];

export interface BenchReport {
  mode: 'full' | 'smoke';
  date: string;
  machine: {
    cores: number;
    chromium: string;
    /** Load averages when the run started, after each round, and when it ended. */
    load: { start: LoadAverage; rounds: LoadAverage[]; end: LoadAverage };
  };
  /** Busy threads another browser kept running through the timed part (CLIPTAG_BENCH_CONTEND); 0 when none. */
  contendingThreads: number;
  rounds: number;
  model: string;
  flopsPerImage: number;
  dtypes: DtypeResult[];
  /** q8 / fp32 end-to-end photos/s at 10 labels, round by round. */
  q8OverFp32: Spread;
  rerank: {
    photos: number;
    labels: number;
    ms: Spread;
    /** Time to bring the photos back from IndexedDB (hash, decode, thumbnail; no encoding). */
    restorePhotosPerSecond: number;
    pipelineExtrapolatedMs: number;
  };
  firstResult: {
    coldMs: Spread;
    warmMs: Spread;
    /** From the first model file's request to the last one's arrival, on the cold visits. */
    coldDownloadMs: Spread;
    /** Each cold visit's time to first result less its download time. */
    coldBeyondDownloadMs: Spread;
    breakdown: { cold: StartupStepSpread[]; warm: StartupStepSpread[] };
  };
  preparation: PreparationResult[];
  ui: {
    photos: number;
    longestTaskMs: number;
    tasksOver50Ms: number;
    /** The longest animation frame of that window: its scripts, rendering, and style and layout. */
    longestFrame: string;
  };
  memory: MemorySample[];
  toy: ToyResult;
  manyPhotos: ManyPhotosResult;
  targets: TargetResult[];
}

export interface TargetResult {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
/** A spread as `median unit (min-max)`, each figure through `format`. */
const ranged = (figure: Spread, format: (value: number) => string, unit = '') =>
  figure.min === figure.max
    ? `${format(figure.median)}${unit}`
    : `${format(figure.median)}${unit} (${format(figure.min)}-${format(figure.max)})`;

/** The targets, checked against the median of each figure in a report (without its `targets`). */
export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetResult[] {
  const results: TargetResult[] = [];
  const atLeast = (name: string, wanted: number, figure: Spread, unit: string, digits = 1) =>
    results.push({
      name,
      target: `>= ${wanted}${unit}`,
      value: ranged(figure, (value) => fixed(value, digits), unit),
      met: figure.median >= wanted,
    });
  const atMost = (name: string, wanted: number, figure: Spread, unit: string, digits = 1) =>
    results.push({
      name,
      target: `<= ${wanted}${unit}`,
      value: ranged(figure, (value) => fixed(value, digits), unit),
      met: figure.median <= wanted,
    });
  for (const dtype of report.dtypes) {
    for (const row of dtype.byLabelCount)
      atLeast(
        `${dtype.dtype}: ours / pipeline at ${row.labels} labels`,
        row.labels >= 100 ? 8 : 1.8,
        row.ratio,
        'x',
        2,
      );
    atLeast(`${dtype.dtype}: end to end / encoder alone`, 90, dtype.endToEndPercentOfEncoder, '%');
    atLeast(`${dtype.dtype}: text encoding`, 60, dtype.textLabelsPerSecond, ' labels/s');
  }
  atLeast('q8 / fp32 photos/s', 1.8, report.q8OverFp32, 'x', 2);
  atMost(`re-rank ${report.rerank.photos} x ${report.rerank.labels}`, 50, report.rerank.ms, ' ms');
  atMost(`longest main-thread task, ${report.ui.photos} photos`, 50, spread([report.ui.longestTaskMs]), ' ms');
  const { toy, manyPhotos: many, firstResult, preparation } = report;
  for (const size of preparation)
    atMost(`preparing a ${size.size} photo`, size.size === '640x480' ? 12 : 250, size.msPerPhoto, ' ms');
  atMost(
    'time to first result, warm model cache',
    3,
    spread(firstResult.warmMs.values.map((ms) => ms / 1000)),
    ' s',
    2,
  );
  atMost(
    'time to first result, cold model cache, beyond the download',
    4,
    spread(firstResult.coldBeyondDownloadMs.values.map((ms) => ms / 1000)),
    ' s',
    2,
  );
  atLeast('toy model: end to end / encoder alone', 60, toy.endToEndPercentOfEncoder, '%');
  atMost("toy model: each photo's cost besides the encoder", 10, toy.fixedMsPerPhoto, ' ms');
  atLeast('toy model: ours / pipeline at 10 labels', 1, toy.ratio, 'x', 2);
  const single = (value: number) => spread([value]);
  const { first: fewer, total: more } = many.photos;
  atMost(`longest main-thread task, dropping ${more - fewer} photos`, 50, single(many.longestTaskMs.drop), ' ms');
  atMost(`longest main-thread task, scrolling ${more} photos`, 50, single(many.longestTaskMs.scrolling), ' ms');
  atMost(`JS heap, ${more} / ${fewer} photos`, 1.3, single(many.jsBytes.total / many.jsBytes.first), 'x', 2);
  atMost(
    `elements in the page, ${more} / ${fewer} photos`,
    1.1,
    single(many.domNodes.total / many.domNodes.first),
    'x',
    2,
  );
  const [first, last] = [report.memory[0], report.memory.at(-1)];
  if (first && last && first !== last) {
    for (const kind of ['jsBytes', 'processBytes'] as const) {
      const name = `${kind === 'jsBytes' ? 'JS' : 'process'} memory, ${last.photos} / ${first.photos} photos`;
      atMost(name, 1.2, spread([last[kind] / first[kind]]), 'x', 2);
    }
  }
  return results;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const megabytes = (bytes: number) => `${fixed(bytes / 2 ** 20, 0)} MiB`;

const loadLine = (load: LoadAverage) => load.map((value) => fixed(value, 2)).join(' ');

/** The report as Markdown tables, for the terminal and for notes: each timed figure as median (min-max). */
export function formatReport(report: BenchReport): string {
  const perSecond = (value: number) => fixed(value, 2);
  const speed = table(
    [
      'dtype',
      'encoder alone photos/s',
      'GFLOP/s (% of MatMul)',
      'prepare/photo',
      'text labels/s',
      'labels',
      'ours photos/s',
      'pipeline photos/s',
      'ratio',
    ],
    report.dtypes.flatMap((dtype) =>
      dtype.byLabelCount.map((row, index) => [
        index === 0 ? `${dtype.dtype} (${dtype.threads} threads)` : '',
        index === 0 ? ranged(dtype.encoderPhotosPerSecond, perSecond) : '',
        index === 0
          ? `${ranged(dtype.encoderGflops, fixed)} (${fixed(dtype.encoderPercentOfGemm.median, 0)}% of ${fixed(dtype.gemmGflops.median)})`
          : '',
        index === 0 ? ranged(dtype.prepareMsPerPhoto, fixed, ' ms') : '',
        index === 0 ? ranged(dtype.textLabelsPerSecond, fixed) : '',
        String(row.labels),
        ranged(row.oursPhotosPerSecond, perSecond),
        ranged(row.pipelinePhotosPerSecond, perSecond),
        ranged(row.ratio, perSecond, 'x'),
      ]),
    ),
  );
  const { rerank, firstResult, ui, toy, manyPhotos: many } = report;
  const seconds = (ms: number) => fixed(ms / 1000, 2);
  const other = table(
    ['measure', 'value'],
    [
      [
        `re-rank ${rerank.photos} photos x ${rerank.labels} labels (cached embeddings)`,
        ranged(rerank.ms, fixed, ' ms'),
      ],
      [
        'same change through the pipeline (re-encode all; extrapolated from its per-photo time)',
        `${fixed(rerank.pipelineExtrapolatedMs / 1000)} s`,
      ],
      [`restoring ${rerank.photos} photos from IndexedDB`, `${fixed(rerank.restorePhotosPerSecond)} photos/s`],
      ['time to first result, cold model cache', ranged(firstResult.coldMs, seconds, ' s')],
      ['of which the model download', ranged(firstResult.coldDownloadMs, seconds, ' s')],
      ['time to first result, warm model cache', ranged(firstResult.warmMs, seconds, ' s')],
      [
        `longest main-thread task while ${ui.photos} photos encode`,
        `${fixed(ui.longestTaskMs)} ms (${ui.tasksOver50Ms} over 50 ms)`,
      ],
      ['longest animation frame in that time', ui.longestFrame],
      ...report.memory.map((sample) => [
        `memory after ${sample.photos} photos (JS / process)`,
        `${megabytes(sample.jsBytes)} / ${megabytes(sample.processBytes)}`,
      ]),
      [
        `toy model, 10 labels: ours / encoder alone / pipeline photos/s`,
        [toy.oursPhotosPerSecond, toy.encoderPhotosPerSecond, toy.pipelinePhotosPerSecond]
          .map((figure) => ranged(figure, perSecond))
          .join(' / '),
      ],
      [`toy model: each photo's cost besides the encoder`, ranged(toy.fixedMsPerPhoto, fixed, ' ms')],
      [
        `${many.photos.total} photos on the toy model: time from dropping the last ${many.photos.total - many.photos.first} to all ranked`,
        `${fixed(many.encodeSeconds)} s`,
      ],
      [
        `${many.photos.total} photos: longest main-thread task while dropping / encoding / scrolling`,
        `${fixed(many.longestTaskMs.drop)} / ${fixed(many.longestTaskMs.encoding)} / ${fixed(many.longestTaskMs.scrolling)} ms (${many.tasksOver50Ms.drop} / ${many.tasksOver50Ms.encoding} / ${many.tasksOver50Ms.scrolling} over 50 ms)`,
      ],
      [
        `JS heap and elements in the page, ${many.photos.first} then ${many.photos.total} photos`,
        `${megabytes(many.jsBytes.first)} / ${megabytes(many.jsBytes.total)}; ${many.domNodes.first} / ${many.domNodes.total}`,
      ],
    ],
  );
  const milliseconds = (figure: Spread) => ranged(figure, fixed);
  const preparationTable = table(
    ['preparing a photo (ms)', 'in all', ...PREPARATION_STEPS, 'two side by side, per photo'],
    report.preparation.map((size) => [
      `${size.size} (${size.photosPerRound} a round)`,
      milliseconds(size.msPerPhoto),
      ...PREPARATION_STEPS.map((name) => milliseconds(size.steps[name])),
      milliseconds(size.overlappedMsPerPhoto),
    ]),
  );
  const { cold, warm } = firstResult.breakdown;
  const startupTable = table(
    [
      'on the way to the first result (ms from navigation)',
      'thread',
      'cold: start',
      'cold: takes',
      'warm: start',
      'warm: takes',
    ],
    [...new Set([...cold, ...warm].map((step) => step.step))].map((name) => {
      const [coldStep, warmStep] = [cold, warm].map((visits) => visits.find((step) => step.step === name));
      const cells = (step: StartupStepSpread | undefined) =>
        step ? [fixed(step.startMs.median, 0), fixed(step.durationMs.median, 0)] : ['-', '-'];
      return [name, (coldStep ?? warmStep)!.thread, ...cells(coldStep), ...cells(warmStep)];
    }),
  );
  const targets = table(
    ['target', 'wanted', 'median (min-max)', 'met'],
    report.targets.map((target) => [target.name, target.target, target.value, target.met ? 'yes' : 'NO']),
  );
  const { load } = report.machine;
  const contention = report.contendingThreads
    ? `, another browser kept ${report.contendingThreads} busy thread(s) running`
    : '';
  const title = `cliptag benchmark (${report.mode}) ${report.date}: ${report.model}, WASM, ${report.machine.cores} cores, ${report.machine.chromium}`;
  const conditions = [
    `${report.rounds} rounds${contention}. Load average (1, 5, 15 min): ${loadLine(load.start)} at the start,`,
    `${load.rounds.map((round) => fixed(round[0], 2)).join(', ')} (1 min) after each round, ${loadLine(load.end)} at the end.`,
  ].join(' ');
  return [title, conditions, '', speed, '', preparationTable, '', startupTable, '', other, '', targets].join('\n');
}

type Kind = 'number' | 'string' | 'boolean' | 'array' | 'object';

/** Where a parsed JSON report departs from BenchReport's shape; empty when it conforms. */
export function reportShapeProblems(json: unknown): string[] {
  const problems: string[] = [];
  const at = (path: string, value: unknown, kind: Kind) => {
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (actual !== kind) problems.push(`${path}: expected ${kind}, found ${actual}`);
    else if (kind === 'number' && !Number.isFinite(value)) problems.push(`${path}: not a finite number`);
    return actual === kind ? (value as never) : undefined;
  };
  const numbers = (path: string, object: unknown, keys: readonly string[]) => {
    const record = at(path, object, 'object') as Record<string, unknown> | undefined;
    for (const key of keys) at(`${path}.${key}`, record?.[key], 'number');
    return record;
  };
  // A figure missing as a whole is named once, not once per field of it.
  const spreads = (path: string, object: unknown, keys: readonly string[]) => {
    const record = at(path, object, 'object') as Record<string, unknown> | undefined;
    for (const key of keys) {
      if (!record) break;
      const figure = at(`${path}.${key}`, record[key], 'object') as Record<string, unknown> | undefined;
      if (!figure) continue;
      numbers(`${path}.${key}`, figure, ['median', 'min', 'max']);
      const values = (at(`${path}.${key}.values`, figure.values, 'array') as unknown[] | undefined) ?? [];
      if (values.length === 0) problems.push(`${path}.${key}.values: none measured`);
      values.forEach((value, index) => at(`${path}.${key}.values[${index}]`, value, 'number'));
    }
    return record;
  };
  const report = at('report', json, 'object') as Record<string, unknown> | undefined;
  if (!report) return problems;
  at('mode', report.mode, 'string');
  at('date', report.date, 'string');
  at('model', report.model, 'string');
  numbers('report', report, ['flopsPerImage', 'rounds', 'contendingThreads']);
  spreads('report', report, ['q8OverFp32']);
  const machine = numbers('machine', report.machine, ['cores']);
  const load = at('machine.load', machine?.load, 'object') as Record<string, unknown> | undefined;
  const roundLoads = (at('machine.load.rounds', load?.rounds, 'array') as unknown[] | undefined) ?? [];
  const loadAverages: [string, unknown][] = [
    ['machine.load.start', load?.start],
    ['machine.load.end', load?.end],
    ...roundLoads.map((round, index): [string, unknown] => [`machine.load.rounds[${index}]`, round]),
  ];
  for (const [path, value] of loadAverages) {
    const averages = (at(path, value, 'array') as unknown[] | undefined) ?? [];
    if (averages.length !== 3 || !averages.every((average) => typeof average === 'number'))
      problems.push(`${path}: expected three load averages`);
  }
  const dtypes = (at('dtypes', report.dtypes, 'array') as unknown[] | undefined) ?? [];
  if (dtypes.length !== 2) problems.push(`dtypes: expected q8 and fp32, found ${dtypes.length} entries`);
  dtypes.forEach((dtype, index) => {
    const path = `dtypes[${index}]`;
    numbers(path, dtype, ['threads']);
    const record = spreads(path, dtype, [
      'encoderPhotosPerSecond',
      'encoderGflops',
      'gemmGflops',
      'encoderPercentOfGemm',
      'prepareMsPerPhoto',
      'textLabelsPerSecond',
      'endToEndPercentOfEncoder',
    ]);
    const rows = (at(`${path}.byLabelCount`, record?.byLabelCount, 'array') as unknown[] | undefined) ?? [];
    if (rows.map((row) => (row as { labels?: unknown }).labels).join() !== '10,100')
      problems.push(`${path}.byLabelCount: expected rows for 10 and 100 labels`);
    rows.forEach((row, rowIndex) => {
      const rowPath = `${path}.byLabelCount[${rowIndex}]`;
      numbers(rowPath, row, ['labels', 'photosPerRound']);
      spreads(rowPath, row, ['oursPhotosPerSecond', 'oursLabelsMs', 'pipelinePhotosPerSecond', 'ratio']);
    });
  });
  const rerank = numbers('rerank', report.rerank, [
    'photos',
    'labels',
    'restorePhotosPerSecond',
    'pipelineExtrapolatedMs',
  ]);
  spreads('rerank', rerank, ['ms']);
  const firstResult = spreads('firstResult', report.firstResult, [
    'coldMs',
    'warmMs',
    'coldDownloadMs',
    'coldBeyondDownloadMs',
  ]);
  // Without its firstResult a report is named once for it, not for each part of it.
  const breakdown = firstResult
    ? (at('firstResult.breakdown', firstResult.breakdown, 'object') as Record<string, unknown> | undefined)
    : undefined;
  for (const visit of breakdown ? ['cold', 'warm'] : []) {
    const steps = (at(`firstResult.breakdown.${visit}`, breakdown?.[visit], 'array') as unknown[] | undefined) ?? [];
    if (steps.length === 0) problems.push(`firstResult.breakdown.${visit}: no steps`);
    steps.forEach((step, index) =>
      spreads(`firstResult.breakdown.${visit}[${index}]`, step, ['startMs', 'durationMs']),
    );
  }
  const preparation = (at('preparation', report.preparation, 'array') as unknown[] | undefined) ?? [];
  if ((preparation as { size?: unknown }[]).map((size) => size.size).join() !== '640x480,12 MP')
    problems.push('preparation: expected 640x480 and 12 MP');
  preparation.forEach((size, index) => {
    const record = spreads(`preparation[${index}]`, size, ['msPerPhoto', 'overlappedMsPerPhoto']);
    spreads(`preparation[${index}].steps`, record?.steps, PREPARATION_STEPS);
  });
  const ui = numbers('ui', report.ui, ['photos', 'longestTaskMs', 'tasksOver50Ms']);
  at('ui.longestFrame', ui?.longestFrame, 'string');
  const memory = (at('memory', report.memory, 'array') as unknown[] | undefined) ?? [];
  if (memory.length !== 2) problems.push(`memory: expected two samples, found ${memory.length}`);
  memory.forEach((sample, index) => numbers(`memory[${index}]`, sample, ['photos', 'jsBytes', 'processBytes']));
  const toy = spreads('toy', report.toy, [
    'oursPhotosPerSecond',
    'encoderPhotosPerSecond',
    'pipelinePhotosPerSecond',
    'endToEndPercentOfEncoder',
    'fixedMsPerPhoto',
    'ratio',
  ]);
  at('toy.model', toy?.model, 'string');
  const many = numbers('manyPhotos', report.manyPhotos, ['encodeSeconds']);
  at('manyPhotos.model', many?.model, 'string');
  numbers('manyPhotos.photos', many?.photos, ['first', 'total']);
  numbers('manyPhotos.longestTaskMs', many?.longestTaskMs, ['drop', 'encoding', 'scrolling']);
  numbers('manyPhotos.tasksOver50Ms', many?.tasksOver50Ms, ['drop', 'encoding', 'scrolling']);
  numbers('manyPhotos.jsBytes', many?.jsBytes, ['first', 'total']);
  numbers('manyPhotos.domNodes', many?.domNodes, ['first', 'total']);
  const targets = (at('targets', report.targets, 'array') as unknown[] | undefined) ?? [];
  if (targets.length === 0) problems.push('targets: none checked');
  targets.forEach((target, index) => {
    const record = at(`targets[${index}]`, target, 'object') as Record<string, unknown> | undefined;
    for (const key of ['name', 'target', 'value'] as const) at(`targets[${index}].${key}`, record?.[key], 'string');
    at(`targets[${index}].met`, record?.met, 'boolean');
  });
  return problems;
}
