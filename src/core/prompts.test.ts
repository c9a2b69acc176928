import { describe, expect, it } from 'vitest';
import { buildRankingRequest, fillTemplate } from './prompts';

const DEFAULT_TEMPLATE = 'a photo of a {}.';

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

describe('buildRankingRequest', () => {
  const templates = ['a photo of a {}.', 'art of the {}.'];
  it('gives every label one prompt per template, with clarifiers in the prompt', () => {
    const request = buildRankingRequest(['dog', 'boxer (dog breed)'], {
      templates,
      promptMode: 'ensemble',
      scoringMode: 'pick-one',
    });
    expect(request.labels).toEqual([
      { label: 'dog', prompts: ['a photo of a dog.', 'art of the dog.'] },
      { label: 'boxer (dog breed)', prompts: ['a photo of a boxer (dog breed).', 'art of the boxer (dog breed).'] },
    ]);
    expect(request.mode).toBe('pick-one');
  });
  it('uses only the first template in single-template mode', () => {
    const request = buildRankingRequest(['owl'], { templates, promptMode: 'single', scoringMode: 'tag-all' });
    expect(request.labels).toEqual([{ label: 'owl', prompts: ['a photo of an owl.'] }]);
  });
  it('changes its key with the labels, templates or mode', () => {
    const base = { templates, promptMode: 'ensemble' as const, scoringMode: 'pick-one' as const };
    const keys = new Set([
      buildRankingRequest(['a'], base).key,
      buildRankingRequest(['b'], base).key,
      buildRankingRequest(['a'], { ...base, templates: ['{}'] }).key,
      buildRankingRequest(['a'], { ...base, scoringMode: 'tag-all' }).key,
    ]);
    expect(keys.size).toBe(4);
    expect(buildRankingRequest(['a'], base).key).toBe(buildRankingRequest(['a'], { ...base }).key);
  });
});
