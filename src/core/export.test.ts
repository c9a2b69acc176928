import { describe, expect, it } from 'vitest';
import { csvField, resultsCsv, resultsJson, tagsText, type ExportContext, type ExportPhoto } from './export';
import { parseCsv } from '../testing/csv';

const context: ExportContext = {
  model: 'cliptag/toy-clip',
  dtype: 'q8',
  scoringMode: 'tag-all',
  templates: ['a photo of a {}.', 'a drawing of a {}.'],
  labels: ['beach', 'dog, brown', 'say "cheese"'],
  threshold: 0.5,
};

const photos: ExportPhoto[] = [
  { name: 'a.jpg', sizeBytes: 1200, sha256: 'ab'.repeat(32), width: 640, height: 480, probabilities: [0.9, 0.6, 0.1] },
  {
    name: 'holiday, "best"\nday.png',
    sizeBytes: 5,
    sha256: 'cd'.repeat(32),
    width: 1,
    height: 2,
    probabilities: [0.2, 0.1, 0.05],
  },
];

describe('csvField', () => {
  it('leaves plain text alone and quotes commas, quotes and line breaks', () => {
    expect(csvField('beach')).toBe('beach');
    expect(csvField('dog, brown')).toBe('"dog, brown"');
    expect(csvField('say "cheese"')).toBe('"say ""cheese"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('resultsCsv', () => {
  const csv = resultsCsv(context, photos);

  it('starts with a byte-order mark and ends every row with CRLF', () => {
    expect(csv.startsWith('\uFEFFfile_name,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('round-trips names and labels holding commas, quotes and newlines', () => {
    const [header, first, second] = parseCsv(csv.slice(1));
    expect(header).toEqual([
      'file_name',
      'size_bytes',
      'sha256',
      'width',
      'height',
      'model',
      'dtype',
      'scoring_mode',
      'templates',
      'top_label',
      'tags',
      'P(beach)',
      'P(dog, brown)',
      'P(say "cheese")',
    ]);
    expect(first).toEqual([
      'a.jpg',
      '1200',
      'ab'.repeat(32),
      '640',
      '480',
      'cliptag/toy-clip',
      'q8',
      'tag-all',
      'a photo of a {}. | a drawing of a {}.',
      'beach',
      'beach; dog, brown',
      '0.900000',
      '0.600000',
      '0.100000',
    ]);
    expect(second![0]).toBe('holiday, "best"\nday.png');
    expect(second![10]).toBe('');
  });

  it('tags only the top label when labels were compared with each other', () => {
    const [, first] = parseCsv(resultsCsv({ ...context, scoringMode: 'pick-one' }, photos).slice(1));
    expect(first![10]).toBe('beach');
  });
});

describe('resultsJson', () => {
  it('writes the documented shape, with probabilities by label', () => {
    const json = JSON.parse(resultsJson(context, photos, new Date('2026-11-28T00:00:00Z'))) as unknown;
    expect(json).toEqual({
      format: 'cliptag-results',
      version: 1,
      exportedAt: '2026-11-28T00:00:00.000Z',
      model: { id: 'cliptag/toy-clip', dtype: 'q8' },
      scoring: { mode: 'tag-all', templates: context.templates, threshold: 0.5 },
      labels: context.labels,
      photos: [
        {
          fileName: 'a.jpg',
          sizeBytes: 1200,
          sha256: 'ab'.repeat(32),
          width: 640,
          height: 480,
          topLabel: 'beach',
          tags: ['beach', 'dog, brown'],
          probabilities: { beach: 0.9, 'dog, brown': 0.6, 'say "cheese"': 0.1 },
        },
        {
          fileName: 'holiday, "best"\nday.png',
          sizeBytes: 5,
          sha256: 'cd'.repeat(32),
          width: 1,
          height: 2,
          topLabel: 'beach',
          tags: [],
          probabilities: { beach: 0.2, 'dog, brown': 0.1, 'say "cheese"': 0.05 },
        },
      ],
    });
  });
});

describe('tagsText', () => {
  it('lists each photo with its tags as shown', () => {
    const labels = ['boxer (dog breed)', 'beach'];
    const text = tagsText({ ...context, labels }, [{ ...photos[0]!, probabilities: [0.7, 0.6] }]);
    expect(text).toBe('a.jpg: boxer, beach');
  });
});
