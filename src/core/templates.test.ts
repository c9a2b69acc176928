import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, TemplateError, parseTemplates } from './templates';

describe('parseTemplates', () => {
  it('takes one template per line, dropping blanks and repeats', () => {
    expect(parseTemplates(' a photo of a {}.\n\nart of the {}.\r\na photo of a {}.\n')).toEqual([
      'a photo of a {}.',
      'art of the {}.',
    ]);
  });
  it('names the line that has no {}', () => {
    expect(() => parseTemplates('a photo of a {}.\na photo.')).toThrow(
      new TemplateError('Line 2, "a photo.", has no {} to mark where the label goes.'),
    );
  });
  it('needs at least one template', () => {
    expect(() => parseTemplates('\n  \n')).toThrow(TemplateError);
  });
  it('ships defaults that all mark the label', () => {
    expect(DEFAULT_TEMPLATES.length).toBeGreaterThanOrEqual(8);
    expect(parseTemplates(DEFAULT_TEMPLATES.join('\n'))).toEqual(DEFAULT_TEMPLATES);
  });
});
