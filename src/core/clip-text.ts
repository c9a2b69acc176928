/**
 * The text clean-up OpenAI's CLIP tokenizer does before its BPE, which a Hub repo's tokenizer.json (and so
 * transformers.js) leaves out: `ftfy.fix_text`, then `html.unescape` twice (Hugging Face's fast tokenizer
 * keeps only ftfy's closing NFC, huggingface/transformers#15067). CLIP's weights were trained on
 * text cleaned this way, so a prompt is cleaned the same way before the Hub's tokenizer sees it: "it’s"
 * typed with a phone's curly apostrophe then reads as the "it's" CLIP learned, and "rock &amp; roll" as
 * "rock & roll". Left out: ftfy's mojibake repair ("cafÃ©" stays as typed), a heuristic too large for what
 * a typed label needs, and named HTML entities beyond the two hundred or so in `NAMED_ENTITIES` (of HTML's 2,231).
 */
export function cleanClipText(text: string): string {
  return unescapeHtml(unescapeHtml(fixText(text)));
}

/**
 * ftfy's fixes other than its mojibake repair, in its order, repeated until nothing changes as ftfy does.
 * It decodes entities that end in a semicolon first, unless the text looks like HTML (holds a "<").
 */
function fixText(text: string): string {
  const decodeEntities = !text.includes('<');
  for (;;) {
    const fixed = fixOnce(decodeEntities ? unescapeTerminatedEntities(text) : text);
    if (fixed === text) return fixed;
    text = fixed;
  }
}

function fixOnce(text: string): string {
  return (
    text
      .replace(/[\x80-\x9f]/g, (control) => WINDOWS_1252_C1[control.charCodeAt(0) - 0x80]!)
      .replace(/[\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06]/g, splitLigature)
      .replace(/[\u3000\uff01-\uffef]/g, (wide) => (wide === '\u3000' ? ' ' : wide.normalize('NFKC')))
      .replace(/[\u02bc\u2018-\u201b]/g, "'")
      .replace(/[\u201c-\u201f]/g, '"')
      .replace(/\r\n|[\r\u2028\u2029]/g, '\n')
      // eslint-disable-next-line no-control-regex -- terminal colour codes, which ftfy removes
      .replace(/\x1b\[[\d;]*[A-Za-z]/g, '')
      // eslint-disable-next-line no-control-regex -- the control characters ftfy removes
      .replace(/[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g, '')
      .normalize('NFC')
  );
}

/** A Latin ligature or digraph as its letters; ftfy keeps the long s of "ﬅ", where NFKC makes it "st". */
const splitLigature = (ligature: string): string => (ligature === '\ufb05' ? '\u017ft' : ligature.normalize('NFKC'));

/**
 * What Windows-1252 puts at 0x80-0x9F, where Unicode has C1 control characters: text that holds one was
 * decoded as Latin-1 by mistake, so ftfy (and browsers) read it as Windows-1252. Undefined bytes stay.
 */
const WINDOWS_1252_C1: readonly string[] = [...'€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'];

/** Names the Latin-1 characters U+00A0 to U+00FF have in HTML, in code point order. */
const LATIN_1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
  'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring ' +
  'AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml ' +
  'times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil ' +
  'egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ' +
  'ugrave uacute ucirc uuml yacute thorn yuml';

/** Entities HTML reads even without their semicolon ("&amp chips"): the Latin-1 ones and the ASCII specials. */
const LEGACY_ENTITIES = new Map<string, string>([
  ...LATIN_1_NAMES.split(' ').map((name, index): [string, string] => [name, String.fromCharCode(0xa0 + index)]),
  ...['amp &', 'AMP &', 'lt <', 'LT <', 'gt >', 'GT >', 'quot "', 'QUOT "', 'COPY ©', 'REG ®'].map(
    (pair): [string, string] => [pair.slice(0, pair.indexOf(' ')), pair.slice(pair.indexOf(' ') + 1)],
  ),
]);

/** HTML's names of the Greek small letters, in alphabet order (final sigma "sigmaf" before "sigma"). */
const GREEK_LOWER_NAMES = (
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau ' +
  'upsilon phi chi psi omega'
).split(' ');

function greekNames(names: readonly string[], letters: string): [string, string][] {
  return [...letters].map((letter, index) => [names[index]!, letter]);
}

/** Named entities a label plausibly holds; each needs its semicolon. */
const NAMED_ENTITIES = new Map<string, string>([
  ...LEGACY_ENTITIES,
  ...Object.entries({
    apos: "'",
    hellip: '…',
    ndash: '–',
    mdash: '—',
    lsquo: '‘',
    rsquo: '’',
    sbquo: '‚',
    ldquo: '“',
    rdquo: '”',
    bdquo: '„',
    lsaquo: '‹',
    rsaquo: '›',
    bull: '•',
    dagger: '†',
    Dagger: '‡',
    permil: '‰',
    trade: '™',
    euro: '€',
    OElig: 'Œ',
    oelig: 'œ',
    Scaron: 'Š',
    scaron: 'š',
    Yuml: 'Ÿ',
    fnof: 'ƒ',
    ensp: '\u2002',
    emsp: '\u2003',
    thinsp: '\u2009',
    zwnj: '\u200c',
    zwj: '\u200d',
    larr: '←',
    uarr: '↑',
    rarr: '→',
    darr: '↓',
    harr: '↔',
    spades: '♠',
    clubs: '♣',
    hearts: '♥',
    diams: '♦',
    minus: '−',
    le: '≤',
    ge: '≥',
    ne: '≠',
    asymp: '≈',
    infin: '∞',
    radic: '√',
    sum: '∑',
    prod: '∏',
    check: '✓',
    star: '☆',
  }),
  ...greekNames(GREEK_LOWER_NAMES, 'αβγδεζηθικλμνξοπρςστυφχψω'),
  ...greekNames(
    GREEK_LOWER_NAMES.filter((name) => name !== 'sigmaf').map((name) => name[0]!.toUpperCase() + name.slice(1)),
    'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ',
  ),
]);

/**
 * ftfy's entity pass: only references that end in a semicolon, and the all-capitals spelling of a
 * lower-case name ("&EACUTE;" for "É") where that spelling is no entity of its own.
 */
function unescapeTerminatedEntities(text: string): string {
  return text.replace(/&#?[0-9A-Za-z]{1,24};/g, (reference) => {
    const name = reference.slice(1, -1);
    if (name.startsWith('#')) {
      const decoded = unescapeHtml(reference);
      return decoded.includes(';') ? reference : decoded;
    }
    const named = NAMED_ENTITIES.get(name);
    if (named !== undefined) return named;
    const lower = name.toLowerCase();
    const lowerNamed = name === name.toUpperCase() ? NAMED_ENTITIES.get(lower) : undefined;
    return lowerNamed === undefined ? reference : lowerNamed.toUpperCase();
  });
}

/** Python's html.unescape for numeric references and the entities above. */
function unescapeHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g, (whole, reference: string) => {
    if (reference.startsWith('#')) return numericReference(reference);
    const named = reference.endsWith(';') ? NAMED_ENTITIES.get(reference.slice(0, -1)) : undefined;
    if (named !== undefined) return named;
    // Without a match, the longest legacy name at the start wins and the rest stays as written.
    for (let length = Math.min(reference.length, 6); length > 1; length--) {
      const legacy = LEGACY_ENTITIES.get(reference.slice(0, length));
      if (legacy !== undefined) return legacy + reference.slice(length);
    }
    return whole;
  });
}

function numericReference(reference: string): string {
  const hex = /^#[xX]/.test(reference);
  const codePoint = Number.parseInt(reference.replace(/^#[xX]?|;$/g, ''), hex ? 16 : 10);
  if (codePoint === 0 || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return '\ufffd';
  if (codePoint === 0x0d) return '\r';
  if (codePoint >= 0x80 && codePoint <= 0x9f) return WINDOWS_1252_C1[codePoint - 0x80]!;
  return isDroppedCodePoint(codePoint) ? '' : String.fromCodePoint(codePoint);
}

/** Code points html.unescape drops from a numeric reference: controls and non-characters. */
function isDroppedCodePoint(codePoint: number): boolean {
  return (
    (codePoint >= 0x01 && codePoint <= 0x08) ||
    codePoint === 0x0b ||
    (codePoint >= 0x0e && codePoint <= 0x1f) ||
    codePoint === 0x7f ||
    (codePoint >= 0xfdd0 && codePoint <= 0xfdef) ||
    (codePoint & 0xfffe) === 0xfffe
  );
}
