/** The prompt CLIP's paper uses as its single-template baseline; `{}` marks the label. */
export const DEFAULT_TEMPLATE = 'a photo of a {}.';

/** Puts a label into a template, e.g. "dog" into "a photo of a {}." gives "a photo of a dog.". */
export function fillTemplate(template: string, label: string): string {
  return template.includes('{}') ? template.split('{}').join(label) : `${template} ${label}`;
}
