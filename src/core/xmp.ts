/** How a sidecar is named next to its photo: the two conventions photo managers read. */
export type SidecarNaming =
  /** IMG_1.jpg → IMG_1.xmp: Lightroom, Capture One, Bridge. */
  | 'replace-extension'
  /** IMG_1.jpg → IMG_1.jpg.xmp: darktable, digiKam. */
  | 'append-extension';

export function sidecarName(photoName: string, naming: SidecarNaming): string {
  if (naming === 'append-extension') return `${photoName}.xmp`;
  const dot = photoName.lastIndexOf('.');
  return `${dot > 0 ? photoName.slice(0, dot) : photoName}.xmp`;
}

/**
 * Text as XML character data: markup characters escaped, and characters XML 1.0 cannot hold at all
 * (control characters, lone surrogates, U+FFFE and U+FFFF) dropped, so the file always parses.
 */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/**
 * An XMP sidecar holding the keywords as dc:subject, the field Lightroom, darktable and digiKam read
 * as a photo's keywords (Adobe XMP Specification Part 1, and the Dublin Core schema).
 */
export function xmpSidecar(keywords: readonly string[]): string {
  const items = keywords.map((keyword) => `     <rdf:li>${xmlText(keyword)}</rdf:li>`).join('\n');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="cliptag">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '   <dc:subject>',
    '    <rdf:Bag>',
    ...(items ? [items] : []),
    '    </rdf:Bag>',
    '   </dc:subject>',
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
    '',
  ].join('\n');
}

/**
 * File names for sidecars in one folder of a zip: a name taken twice (two photos called IMG_1.jpg
 * from different folders) gets " (2)", " (3)"… before its extension.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy++) candidate = `${stem} (${copy})${extension}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
