import { describe, expect, it } from 'vitest';
import {
  MAX_LABEL_LENGTH,
  cleanLabel,
  endsInsideBrackets,
  labelKey,
  mergeLabels,
  parseLabel,
  readLabels,
  splitLabels,
  tooLongMessage,
} from './labels';

describe('splitLabels', () => {
  it('splits on commas and line breaks and trims each label', () => {
    expect(splitLabels(' beach,receipt \n my  dog\r\n\ncat , ')).toEqual(['beach', 'receipt', 'my dog', 'cat']);
  });
  it('gives nothing for blank input', () => {
    expect(splitLabels(' , \n ')).toEqual([]);
  });
  it('splits on commas only outside brackets', () => {
    expect(splitLabels('boxer (dog, breed), crane [bird, tall], cat')).toEqual([
      'boxer (dog, breed)',
      'crane [bird, tall]',
      'cat',
    ]);
    expect(splitLabels('a ((b, c), d), e')).toEqual(['a ((b, c), d)', 'e']);
  });
  it('splits at every comma after a bracket that never closes, and at a full-width comma', () => {
    expect(splitLabels('dog, boxer (dog, breed, cat')).toEqual(['dog', 'boxer (dog', 'breed', 'cat']);
    expect(splitLabels('猫，犬')).toEqual(['猫', '犬']);
  });
  it('cleans every label it splits', () => {
    expect(splitLabels('\u200bdog\u200b, \u202e')).toEqual(['dog']);
  });
});

describe('cleanLabel', () => {
  it('normalises Unicode to NFC, so an accent typed two ways is one label', () => {
    expect(cleanLabel('cafe\u0301')).toBe('caf\u00e9');
  });
  it('drops zero-width spaces, NUL, bidi overrides and other invisible characters', () => {
    expect(cleanLabel('d\u200bo\u0000g\u202e\ufeff\u00ad\u2066\u3164')).toBe('dog');
    expect(cleanLabel('\u202e')).toBe('');
    expect(cleanLabel('bad\ud800half')).toBe('badhalf');
  });
  it('turns tabs and line breaks into spaces and collapses them', () => {
    expect(cleanLabel('  my\t\u00a0 dog\r\n ')).toBe('my dog');
  });
  it('keeps the joiners and selectors that shape emoji and Persian words', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
    expect(cleanLabel(family)).toBe(family);
    expect(cleanLabel('\u2764\ufe0f')).toBe('\u2764\ufe0f');
    expect(cleanLabel('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toBe(
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645',
    );
    expect(cleanLabel('\u200ddog\u200c')).toBe('dog');
  });
});

describe('readLabels', () => {
  it('sets apart labels longer than the limit and keeps the rest', () => {
    const long = 'x'.repeat(10_000);
    expect(readLabels(`dog, ${long}, ${'y'.repeat(MAX_LABEL_LENGTH)}`)).toEqual({
      labels: ['dog', 'y'.repeat(MAX_LABEL_LENGTH)],
      tooLong: [long],
    });
  });
  it('counts characters, not UTF-16 units', () => {
    expect(readLabels('\u{1f415}'.repeat(MAX_LABEL_LENGTH)).tooLong).toEqual([]);
  });
  it('says which label is too long without quoting all of it', () => {
    const message = tooLongMessage(['x'.repeat(10_000), 'y'.repeat(101)]);
    expect(message).toBe(
      `"${'x'.repeat(30)}…" and 1 more are too long: a label can have at most 100 characters (this one has 10,000). Shorten it and press Enter.`,
    );
    expect(tooLongMessage([])).toBe('');
  });
});

describe('endsInsideBrackets', () => {
  it('tells whether a comma typed now belongs to the label', () => {
    expect(endsInsideBrackets('boxer (dog')).toBe(true);
    expect(endsInsideBrackets('boxer (dog)')).toBe(false);
    expect(endsInsideBrackets('a) b')).toBe(false);
  });
});

describe('mergeLabels', () => {
  it('appends new labels and drops duplicates regardless of case and spacing', () => {
    expect(mergeLabels(['Dog'], ['cat', 'dog', ' CAT ', 'my   dog', 'my dog'])).toEqual(['Dog', 'cat', 'my dog']);
  });
  it('keeps the existing list when nothing new arrives', () => {
    const existing = ['a', 'b'];
    expect(mergeLabels(existing, ['A', ''])).toEqual(existing);
  });
  it('keys labels case-insensitively', () => {
    expect(labelKey('  My  Dog ')).toBe('my dog');
  });
  it('counts labels that look the same as one', () => {
    expect(mergeLabels(['dog', 'café'], ['d\u200bog', 'cafe\u0301', '\u202e'])).toEqual(['dog', 'café']);
  });
});

describe('parseLabel', () => {
  it('shows the name and encodes the clarifying phrase too', () => {
    expect(parseLabel('boxer (dog breed)')).toEqual({ display: 'boxer', text: 'boxer (dog breed)' });
    expect(parseLabel('  crane   (bird) ')).toEqual({ display: 'crane', text: 'crane (bird)' });
  });
  it('leaves labels without a trailing phrase alone', () => {
    expect(parseLabel('my dog')).toEqual({ display: 'my dog', text: 'my dog' });
    expect(parseLabel('(draft) receipt')).toEqual({ display: '(draft) receipt', text: '(draft) receipt' });
    expect(parseLabel('(receipt)')).toEqual({ display: '(receipt)', text: '(receipt)' });
  });
});
