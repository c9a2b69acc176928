import { describe, expect, it } from 'vitest';
import { packTokenIds } from './tokens';

describe('packTokenIds', () => {
  it('pads to the longest prompt with the pad id and masks the padding', () => {
    const packed = packTokenIds(
      [
        [42, 5, 43],
        [42, 43],
      ],
      32,
      43,
      'longest',
    );
    expect(packed.length).toBe(3);
    expect(Array.from(packed.inputIds, Number)).toEqual([42, 5, 43, 42, 43, 43]);
    expect(Array.from(packed.attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 0]);
  });
  it('keeps the end-of-text token when a prompt is longer than the context', () => {
    const long = [42, 1, 2, 3, 4, 5, 43];
    const packed = packTokenIds([long], 4, 43, 'longest');
    expect(Array.from(packed.inputIds, Number)).toEqual([42, 1, 2, 43]);
  });
  it('pads to the full context when asked (SigLIP)', () => {
    const packed = packTokenIds([[42, 43]], 5, 0, 'max');
    expect(Array.from(packed.inputIds, Number)).toEqual([42, 43, 0, 0, 0]);
    expect(packed.length).toBe(5);
  });
});
