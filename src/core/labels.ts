/** The longest label, in characters: a descriptive phrase fits, a pasted paragraph does not. */
export const MAX_LABEL_LENGTH = 100;

/**
 * Characters that show nothing: controls (NUL...), lone surrogates and Unicode's default-ignorable set
 * (zero-width spaces, bidi overrides such as U+202E, the BOM, soft hyphens, Hangul fillers, tags).
 */
const INVISIBLE = /[\p{Cc}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085]/g;

/** A joiner or variation selector that shapes the visible characters around it: kept. */
function shapesNeighbours(char: string, before: string, after: string): boolean {
  const pictograph = /\p{Extended_Pictographic}/u;
  if (char === '\u200d') return (pictograph.test(before) || before === '\ufe0f') && pictograph.test(after);
  if (char === '\u200c') return /[\p{L}\p{M}]/u.test(before) && /\p{L}/u.test(after);
  if (char === '\ufe0e' || char === '\ufe0f') return /\p{Emoji}/u.test(before);
  return false;
}

/**
 * A label as typed, made canonical: Unicode NFC (so an accent typed two ways is one label), invisible
 * and control characters dropped (so two labels that look the same are the same, and no chip is blank),
 * whitespace collapsed. Zero-width joiners inside emoji and Persian words, and emoji presentation
 * selectors, are kept: they change what is shown.
 */
export function cleanLabel(raw: string): string {
  const text = raw.normalize('NFC').replace(LINE_BREAKS_AND_TABS, ' ');
  const chars = [...text];
  return chars
    .filter((char, i) => !INVISIBLE.test(char) || shapesNeighbours(char, chars[i - 1] ?? '', chars[i + 1] ?? ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

const OPENING = '([{（';
const CLOSING = ')]}）';
const SEPARATORS = ',，';

/** Whether `text` ends inside brackets, where a comma belongs to the label being typed. */
export function endsInsideBrackets(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (OPENING.includes(char)) depth++;
    else if (CLOSING.includes(char)) depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/**
 * Splits typed or pasted text into labels: line breaks separate them, and so do commas outside
 * brackets, so "boxer (dog, breed)" stays one label. A bracket left open does not swallow the rest:
 * its commas separate after all.
 */
export function splitLabels(text: string): string[] {
  const pieces: string[] = [];
  for (const line of text.split(/[\n\r]+/)) {
    let depth = 0;
    let start = 0;
    const chars = [...line];
    chars.forEach((char, i) => {
      if (OPENING.includes(char)) depth++;
      else if (CLOSING.includes(char)) depth = Math.max(0, depth - 1);
      else if (SEPARATORS.includes(char) && depth === 0) {
        pieces.push(chars.slice(start, i).join(''));
        start = i + 1;
      }
    });
    const last = chars.slice(start).join('');
    pieces.push(...(depth > 0 ? last.split(/[,，]/) : [last]));
  }
  return pieces.map(cleanLabel).filter((label) => label.length > 0);
}

/** Labels read from typed or pasted text, and those refused for their length. */
export interface ReadLabels {
  labels: string[];
  tooLong: string[];
}

/** Splits and cleans text into labels, setting apart any longer than MAX_LABEL_LENGTH. */
export function readLabels(text: string): ReadLabels {
  const labels: string[] = [];
  const tooLong: string[] = [];
  for (const label of splitLabels(text)) (labelLength(label) > MAX_LABEL_LENGTH ? tooLong : labels).push(label);
  return { labels, tooLong };
}

/** Length in characters as a person counts them (code points, so an emoji counts once or so). */
export function labelLength(label: string): number {
  return [...label].length;
}

/** What to tell the person about labels refused for their length, quoting only the start of each. */
export function tooLongMessage(tooLong: readonly string[]): string {
  const [first] = tooLong;
  if (first === undefined) return '';
  const quote = `"${[...first].slice(0, 30).join('')}…"`;
  const others = tooLong.length > 1 ? ` and ${tooLong.length - 1} more` : '';
  return `${quote}${others} ${tooLong.length > 1 ? 'are' : 'is'} too long: a label can have at most ${MAX_LABEL_LENGTH} characters (this one has ${labelLength(first).toLocaleString('en')}). Shorten it and press Enter.`;
}

/** Case-insensitive identity of a label, so "Dog" and "dog " count as one. */
export function labelKey(label: string): string {
  return cleanLabel(label).toLocaleLowerCase();
}

/** Appends new labels to a list, keeping the first spelling of each and dropping blanks and repeats. */
export function mergeLabels(existing: readonly string[], incoming: readonly string[]): string[] {
  const seen = new Set(existing.map(labelKey));
  const merged = [...existing];
  for (const raw of incoming) {
    const label = cleanLabel(raw);
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
