import { describe, expect, it } from 'vitest';
import { sidecarName, uniqueNames, xmlText, xmpSidecar } from './xmp';

describe('sidecarName', () => {
  it('follows both conventions', () => {
    expect(sidecarName('IMG_1.JPG', 'replace-extension')).toBe('IMG_1.xmp');
    expect(sidecarName('IMG_1.JPG', 'append-extension')).toBe('IMG_1.JPG.xmp');
    expect(sidecarName('archive.tar.gz', 'replace-extension')).toBe('archive.tar.xmp');
    expect(sidecarName('.hidden', 'replace-extension')).toBe('.hidden.xmp');
    expect(sidecarName('noext', 'replace-extension')).toBe('noext.xmp');
  });
});

describe('xmlText', () => {
  it('escapes markup and drops what XML cannot hold', () => {
    expect(xmlText(`Tom & Jerry <b>"hi"</b> 'yo'`)).toBe(
      'Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; &apos;yo&apos;',
    );
    expect(xmlText('a\u0000b\u0007c\uFFFEd\uD800e')).toBe('abcde');
    expect(xmlText('tab\tnew\nline café 猫 🐕')).toBe('tab\tnew\nline café 猫 🐕');
  });
});

describe('xmpSidecar', () => {
  it('holds the keywords as dc:subject in an rdf:Bag', () => {
    const xmp = xmpSidecar(['beach', 'fish & chips']);
    expect(xmp).toContain(
      '<dc:subject>\n    <rdf:Bag>\n     <rdf:li>beach</rdf:li>\n     <rdf:li>fish &amp; chips</rdf:li>\n',
    );
    expect(xmp).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
    expect(xmp.startsWith('<?xpacket begin="\uFEFF"')).toBe(true);
    expect(xmp.trimEnd().endsWith('<?xpacket end="w"?>')).toBe(true);
  });

  it('writes an empty bag for a photo without tags', () => {
    expect(xmpSidecar([])).toContain('<rdf:Bag>\n    </rdf:Bag>');
  });
});

describe('uniqueNames', () => {
  it('numbers repeats, ignoring case', () => {
    expect(uniqueNames(['a.xmp', 'b.xmp', 'A.xmp', 'a.xmp'])).toEqual(['a.xmp', 'b.xmp', 'A (2).xmp', 'a (3).xmp']);
  });
});
