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
