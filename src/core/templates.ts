/**
 * Prompt templates: the words around a label. CLIP's paper found that ensembling a label over several
 * templates beats the bare label or one template. These are written for everyday photos; `{}` marks
 * the label.
 */
export const DEFAULT_TEMPLATES: readonly string[] = [
  'a photo of a {}.',
  'a photo of the {}.',
  'a close-up photo of the {}.',
  'a blurry photo of a {}.',
  'a bright photo of a {}.',
  'a dark photo of the {}.',
  'a cropped photo of a {}.',
  'a good photo of the {}.',
  'a low resolution photo of a {}.',
  'a picture of a {}.',
  'an image of the {}.',
  'a snapshot of a {}.',
  'a photo of my {}.',
  'a photo showing a {}.',
];

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * Reads templates pasted one per line. Blank lines and repeats are dropped; a line without `{}` is
 * refused with its line number, since it would give every label the same prompt.
 */
export function parseTemplates(text: string): string[] {
  const templates: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || templates.includes(line)) return;
    if (!line.includes('{}')) {
      throw new TemplateError(`Line ${index + 1}, "${line}", has no {} to mark where the label goes.`);
    }
    templates.push(line);
  });
  if (templates.length === 0) throw new TemplateError('Add at least one template, such as "a photo of a {}."');
  return templates;
}
