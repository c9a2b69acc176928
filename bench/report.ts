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

export type BenchDtype = 'q8' | 'fp32';

/** Ours against the library's pipeline for one label count, same model, dtype, page and run. */
export interface LabelCountResult {
  labels: number;
  /** Photos/s of adding photos to the app's worker, labels already encoded: decode, preprocess, encode, rank. */
  oursPhotosPerSecond: number;
  /** The one-off cost of encoding this many labels, which ours pays once per label set. */
  oursLabelsMs: number;
  pipelinePhotosPerSecond: number;
  pipelinePhotos: number;
  /** oursPhotosPerSecond / pipelinePhotosPerSecond. */
  ratio: number;
}

export interface DtypeResult {
  dtype: BenchDtype;
  threads: number;
  encoderPhotosPerSecond: number;
  encoderGflops: number;
  gemmGflops: number;
  /** Vision encoder GFLOP/s as a percentage of a bare ORT MatMul's, same dtype and threads. */
  encoderPercentOfGemm: number;
  prepareMsPerPhoto: number;
  textLabelsPerSecond: number;
  byLabelCount: LabelCountResult[];
  /** End-to-end photos/s at 10 labels as a percentage of the encoder-alone rate. */
  endToEndPercentOfEncoder: number;
}

export interface MemorySample {
  photos: number;
  /** The page's JS heap (main thread) after a forced collection. */
  jsBytes: number;
  /** Proportional set size summed over every Chromium process of the run. */
  processBytes: number;
}

export interface BenchReport {
  mode: 'full' | 'smoke';
  date: string;
  machine: { cores: number; chromium: string };
  model: string;
  flopsPerImage: number;
  dtypes: DtypeResult[];
  q8OverFp32: number;
  rerank: {
    photos: number;
    labels: number;
    ms: number;
    /** Time to bring the photos back from IndexedDB (hash, decode, thumbnail; no encoding). */
    restorePhotosPerSecond: number;
    pipelineExtrapolatedMs: number;
  };
  firstResult: { coldMs: number; warmMs: number };
  ui: {
    photos: number;
    longestTaskMs: number;
    tasksOver50Ms: number;
    /** The longest animation frame of that window: its scripts, rendering, and style and layout. */
    longestFrame: string;
  };
  memory: MemorySample[];
  targets: TargetResult[];
}

export interface TargetResult {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The targets, checked against a report (without its `targets`). */
export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetResult[] {
  const results: TargetResult[] = [];
  for (const dtype of report.dtypes) {
    for (const row of dtype.byLabelCount) {
      const needed = row.labels >= 100 ? 8 : 1.8;
      results.push({
        name: `${dtype.dtype}: ours / pipeline at ${row.labels} labels`,
        target: `>= ${needed}x`,
        value: `${fixed(row.ratio, 2)}x`,
        met: row.ratio >= needed,
      });
    }
    results.push({
      name: `${dtype.dtype}: end to end / encoder alone`,
      target: '>= 90%',
      value: `${fixed(dtype.endToEndPercentOfEncoder)}%`,
      met: dtype.endToEndPercentOfEncoder >= 90,
    });
    results.push({
      name: `${dtype.dtype}: text encoding`,
      target: '>= 60 labels/s',
      value: `${fixed(dtype.textLabelsPerSecond)} labels/s`,
      met: dtype.textLabelsPerSecond >= 60,
    });
  }
  results.push({
    name: 'q8 / fp32 photos/s',
    target: '>= 1.8x',
    value: `${fixed(report.q8OverFp32, 2)}x`,
    met: report.q8OverFp32 >= 1.8,
  });
  results.push({
    name: `re-rank ${report.rerank.photos} x ${report.rerank.labels}`,
    target: '<= 50 ms',
    value: `${fixed(report.rerank.ms)} ms`,
    met: report.rerank.ms <= 50,
  });
  results.push({
    name: `longest main-thread task, ${report.ui.photos} photos`,
    target: '<= 50 ms',
    value: `${fixed(report.ui.longestTaskMs)} ms`,
    met: report.ui.longestTaskMs <= 50,
  });
  const [first, last] = [report.memory[0], report.memory.at(-1)];
  if (first && last && first !== last) {
    for (const kind of ['jsBytes', 'processBytes'] as const) {
      const ratio = last[kind] / first[kind];
      results.push({
        name: `${kind === 'jsBytes' ? 'JS' : 'process'} memory, ${last.photos} / ${first.photos} photos`,
        target: '<= 1.2x',
        value: `${fixed(ratio, 2)}x`,
        met: ratio <= 1.2,
      });
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

/** The report as Markdown tables, for the terminal and for notes. */
export function formatReport(report: BenchReport): string {
  const speed = table(
    [
      'dtype',
      'encoder alone',
      'GFLOP/s (% of MatMul)',
      'prepare/photo',
      'text',
      'labels',
      'ours photos/s',
      'pipeline photos/s',
      'ratio',
    ],
    report.dtypes.flatMap((dtype) =>
      dtype.byLabelCount.map((row, index) => [
        index === 0 ? `${dtype.dtype} (${dtype.threads} threads)` : '',
        index === 0 ? `${fixed(dtype.encoderPhotosPerSecond, 2)} photos/s` : '',
        index === 0
          ? `${fixed(dtype.encoderGflops)} (${fixed(dtype.encoderPercentOfGemm, 0)}% of ${fixed(dtype.gemmGflops)})`
          : '',
        index === 0 ? `${fixed(dtype.prepareMsPerPhoto)} ms` : '',
        index === 0 ? `${fixed(dtype.textLabelsPerSecond)} labels/s` : '',
        String(row.labels),
        fixed(row.oursPhotosPerSecond, 2),
        `${fixed(row.pipelinePhotosPerSecond, 2)} (${row.pipelinePhotos} photos)`,
        `${fixed(row.ratio, 2)}x`,
      ]),
    ),
  );
  const { rerank, firstResult, ui } = report;
  const other = table(
    ['measure', 'value'],
    [
      [`re-rank ${rerank.photos} photos x ${rerank.labels} labels (cached embeddings)`, `${fixed(rerank.ms)} ms`],
      [
        'same change through the pipeline (re-encode all; extrapolated from its per-photo time)',
        `${fixed(rerank.pipelineExtrapolatedMs / 1000)} s`,
      ],
      [`restoring ${rerank.photos} photos from IndexedDB`, `${fixed(rerank.restorePhotosPerSecond)} photos/s`],
      ['time to first result, cold model cache', `${fixed(firstResult.coldMs / 1000, 2)} s`],
      ['time to first result, warm model cache', `${fixed(firstResult.warmMs / 1000, 2)} s`],
      [
        `longest main-thread task while ${ui.photos} photos encode`,
        `${fixed(ui.longestTaskMs)} ms (${ui.tasksOver50Ms} over 50 ms)`,
      ],
      ['longest animation frame in that time', ui.longestFrame],
      ...report.memory.map((sample) => [
        `memory after ${sample.photos} photos (JS / process)`,
        `${megabytes(sample.jsBytes)} / ${megabytes(sample.processBytes)}`,
      ]),
    ],
  );
  const targets = table(
    ['target', 'wanted', 'measured', 'met'],
    report.targets.map((target) => [target.name, target.target, target.value, target.met ? 'yes' : 'NO']),
  );
  const title = `cliptag benchmark (${report.mode}) ${report.date}: ${report.model}, WASM, ${report.machine.cores} cores, ${report.machine.chromium}`;
  return [title, '', speed, '', other, '', targets].join('\n');
}

/** Where a parsed JSON report departs from BenchReport's shape; empty when it conforms. */
export function reportShapeProblems(json: unknown): string[] {
  const problems: string[] = [];
  const at = (path: string, value: unknown, kind: 'number' | 'string' | 'boolean' | 'array' | 'object') => {
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
  const report = at('report', json, 'object') as Record<string, unknown> | undefined;
  if (!report) return problems;
  at('mode', report.mode, 'string');
  at('date', report.date, 'string');
  at('model', report.model, 'string');
  at('flopsPerImage', report.flopsPerImage, 'number');
  at('q8OverFp32', report.q8OverFp32, 'number');
  numbers('machine', report.machine, ['cores']);
  const dtypes = (at('dtypes', report.dtypes, 'array') as unknown[] | undefined) ?? [];
  if (dtypes.length !== 2) problems.push(`dtypes: expected q8 and fp32, found ${dtypes.length} entries`);
  dtypes.forEach((dtype, index) => {
    const path = `dtypes[${index}]`;
    const record = numbers(path, dtype, [
      'threads',
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
    rows.forEach((row, rowIndex) =>
      numbers(`${path}.byLabelCount[${rowIndex}]`, row, [
        'labels',
        'oursPhotosPerSecond',
        'oursLabelsMs',
        'pipelinePhotosPerSecond',
        'pipelinePhotos',
        'ratio',
      ]),
    );
  });
  numbers('rerank', report.rerank, ['photos', 'labels', 'ms', 'restorePhotosPerSecond', 'pipelineExtrapolatedMs']);
  numbers('firstResult', report.firstResult, ['coldMs', 'warmMs']);
  const ui = numbers('ui', report.ui, ['photos', 'longestTaskMs', 'tasksOver50Ms']);
  at('ui.longestFrame', ui?.longestFrame, 'string');
  const memory = (at('memory', report.memory, 'array') as unknown[] | undefined) ?? [];
  if (memory.length !== 2) problems.push(`memory: expected two samples, found ${memory.length}`);
  memory.forEach((sample, index) => numbers(`memory[${index}]`, sample, ['photos', 'jsBytes', 'processBytes']));
  const targets = (at('targets', report.targets, 'array') as unknown[] | undefined) ?? [];
  if (targets.length === 0) problems.push('targets: none checked');
  targets.forEach((target, index) => {
    const record = at(`targets[${index}]`, target, 'object') as Record<string, unknown> | undefined;
    for (const key of ['name', 'target', 'value'] as const) at(`targets[${index}].${key}`, record?.[key], 'string');
    at(`targets[${index}].met`, record?.met, 'boolean');
  });
  return problems;
}
