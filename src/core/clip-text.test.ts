import { describe, expect, it } from 'vitest';
import { cleanClipText } from './clip-text';

describe('cleanClipText (ftfy.fix_text and html.unescape, as OpenAI cleans before its BPE)', () => {
  it('straightens curly quotes and apostrophes', () => {
    expect(cleanClipText('it’s a “dog”')).toBe('it\'s a "dog"');
  });
  it('unescapes HTML twice, so a doubly escaped ampersand reads as one', () => {
    expect(cleanClipText('rock &amp;amp; roll')).toBe('rock & roll');
    expect(cleanClipText('caf&eacute; &#x1F436;')).toBe('café 🐶');
  });
  it('reads legacy entities without their semicolon, as HTML does, and leaves unknown ones', () => {
    expect(cleanClipText('fish &amp chips &ampx')).toBe('fish & chips &x');
    expect(cleanClipText('&nosuchentity; AT&T')).toBe('&nosuchentity; AT&T');
  });
  it('decodes an entity ftfy reads before straightening quotes, unless the text looks like HTML', () => {
    expect(cleanClipText('&rsquo;s')).toBe("'s");
    expect(cleanClipText('<3 &rsquo;s')).toBe('<3 ’s');
  });
  it('reads an all-capitals entity as the capital letter', () => {
    expect(cleanClipText('&EACUTE;COLE STRA&SZLIG;E')).toBe('ÉCOLE STRASSE');
  });
  it('reads C1 controls and their numeric references as Windows-1252', () => {
    expect(cleanClipText('en\x96dash &#150; &#129;')).toBe('en–dash – \x81');
  });
  it('splits Latin ligatures, narrows full-width forms and drops control characters', () => {
    expect(cleanClipText('ﬁsh ﬅ Ｆｕｌｌ１２\u3000x')).toBe('fish ſt Full12 x');
    expect(cleanClipText('bom\ufefftext bell\x07 \x1b[31mred\x1b[0m')).toBe('bomtext bell red');
  });
  it('composes accents (NFC) and leaves other text alone', () => {
    expect(cleanClipText('cafe\u0301')).toBe('café');
    expect(cleanClipText('a photo of a 猫 🐶.')).toBe('a photo of a 猫 🐶.');
  });
});
