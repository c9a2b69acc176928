import { parseLabel } from './labels';
import type { LabelExample, LabelPrompts, RankingRequest } from './protocol';
import type { ScoringMode } from './scoring';

/** "a" before a label that starts with a vowel letter reads as "an", as a caption would write it. */
function withArticle(before: string, label: string): string {
  return /(^|\s)a $/i.test(before) && /^[aeiou]/i.test(label) ? `${before.slice(0, -1)}n ` : before;
}

/**
 * Puts a label into a template: "dog" into "a photo of a {}." gives "a photo of a dog.", and "owl"
 * gives "a photo of an owl.", since CLIP learned from captions people wrote.
 */
export function fillTemplate(template: string, label: string): string {
  if (!template.includes('{}')) return `${template} ${label}`;
  const parts = template.split('{}');
  return parts.reduce(
    (prompt, part, index) => (index === 0 ? part : `${withArticle(prompt, label)}${label}${part}`),
    '',
  );
}

/** How labels become prompts and probabilities. */
export interface PromptSettings {
  templates: readonly string[];
  /** 'single' uses only the first template; 'ensemble' averages over all of them. */
  promptMode: 'ensemble' | 'single';
  scoringMode: ScoringMode;
}

/** Each label's prompts under the settings, and a key that changes whenever any of it does. */
export function buildRankingRequest(
  labels: readonly string[],
  settings: PromptSettings,
  examples: readonly LabelExample[] = [],
): RankingRequest {
  const templates = settings.promptMode === 'single' ? settings.templates.slice(0, 1) : settings.templates;
  const labelPrompts: LabelPrompts[] = labels.map((label) => {
    const { text } = parseLabel(label);
    return { label, prompts: templates.map((template) => fillTemplate(template, text)) };
  });
  const taught = examples.filter((example) => labels.includes(example.label));
  return {
    key: JSON.stringify([
      labelPrompts,
      settings.scoringMode,
      taught.map(({ id, label, negative }) => [id, label, negative === true]),
    ]),
    labels: labelPrompts,
    mode: settings.scoringMode,
    examples: taught,
  };
}
