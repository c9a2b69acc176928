import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, fillTemplate } from './prompts';

describe('fillTemplate', () => {
  it('puts the label where {} stands', () => {
    expect(fillTemplate(DEFAULT_TEMPLATE, 'red circle')).toBe('a photo of a red circle.');
    expect(fillTemplate('a {} next to another {}.', 'dog')).toBe('a dog next to another dog.');
  });
  it('writes "an" before a vowel, as captions do', () => {
    expect(fillTemplate(DEFAULT_TEMPLATE, 'orange circle')).toBe('a photo of an orange circle.');
    expect(fillTemplate('A {}.', 'Owl')).toBe('An Owl.');
    expect(fillTemplate('the {}.', 'owl')).toBe('the owl.');
    expect(fillTemplate('a bad photo of a {}.', 'egg')).toBe('a bad photo of an egg.');
  });
  it('appends the label to a template without {}', () => {
    expect(fillTemplate('a photo of', 'cat')).toBe('a photo of cat');
  });
});
