/** Splits typed or pasted text into labels: commas and line breaks separate them. */
export function splitLabels(text: string): string[] {
  return text
    .split(/[,\n\r]+/)
    .map((label) => label.replace(/\s+/g, ' ').trim())
    .filter((label) => label.length > 0);
}

/** Case-insensitive identity of a label, so "Dog" and "dog " count as one. */
export function labelKey(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

/** Appends new labels to a list, keeping the first spelling of each and dropping blanks and repeats. */
export function mergeLabels(existing: readonly string[], incoming: readonly string[]): string[] {
  const seen = new Set(existing.map(labelKey));
  const merged = [...existing];
  for (const raw of incoming) {
    const label = raw.replace(/\s+/g, ' ').trim();
    const key = labelKey(label);
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    merged.push(label);
  }
  return merged;
}

/** A label as shown, and the text that goes into the prompt. */
export interface LabelText {
  display: string;
  text: string;
}

/**
 * "boxer (dog breed)" shows as "boxer" but is encoded whole, so the model knows which boxer is meant,
 * as CLIP's paper did to tell apart classes that share a name.
 */
export function parseLabel(label: string): LabelText {
  const text = label.replace(/\s+/g, ' ').trim();
  const match = /^(.*\S)\s*\(([^()]+)\)$/.exec(text);
  return { display: match ? match[1]! : text, text };
}
