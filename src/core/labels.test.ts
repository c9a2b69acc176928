import { describe, expect, it } from 'vitest';
import { labelKey, mergeLabels, parseLabel, splitLabels } from './labels';

describe('splitLabels', () => {
  it('splits on commas and line breaks and trims each label', () => {
    expect(splitLabels(' beach,receipt \n my  dog\r\n\ncat , ')).toEqual(['beach', 'receipt', 'my dog', 'cat']);
  });
  it('gives nothing for blank input', () => {
    expect(splitLabels(' , \n ')).toEqual([]);
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
