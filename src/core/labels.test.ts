import { describe, expect, it } from 'vitest';
import { labelKey, mergeLabels, splitLabels } from './labels';

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
