/**
 * Whether a downloaded model file is what its name says, checked before it is kept: a host can answer
 * with a web page (a login or error page) instead of the file, or a download can stop half way.
 */

/** Why `bytes` cannot be the file `file` ("config.json", "onnx/vision_model.onnx"), or null when they can. */
export function modelFileProblem(file: string, bytes: Uint8Array): string | null {
  if (/\.json$/i.test(file)) return jsonProblem(bytes);
  if (/\.onnx$/i.test(file)) return onnxProblem(bytes);
  return null;
}

const WEB_PAGE = 'is a web page, not the model file (the host may have answered with a sign-in or error page)';

/** A web page, by its first character after any byte-order mark and white space. */
function looksLikeWebPage(bytes: Uint8Array): boolean {
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<');
}

function jsonProblem(bytes: Uint8Array): string | null {
  if (looksLikeWebPage(bytes)) return WEB_PAGE;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value !== null && typeof value === 'object' ? null : 'is not a settings file (JSON object)';
  } catch {
    return 'is not valid JSON: it is damaged or cut short';
  }
}

/** ONNX's ModelProto keeps the network in field 7, `graph`. */
const GRAPH_FIELD = 7;

/**
 * Walks the top level of the protobuf an .onnx file is: every field must have a known wire type and fit
 * inside the file, and the graph must be there. A file cut short fails on its last field's length, so this
 * costs one pass over a handful of headers, not a parse of the model.
 */
function onnxProblem(bytes: Uint8Array): string | null {
  if (looksLikeWebPage(bytes)) return WEB_PAGE;
  if (bytes.length === 0) return 'is empty';
  let offset = 0;
  let hasGraph = false;
  const varint = (): number | null => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (offset >= bytes.length) return null;
      const byte = bytes[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return null;
  };
  while (offset < bytes.length) {
    const tag = varint();
    if (tag === null) return CUT_SHORT;
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) return DAMAGED;
    if (wireType === 0) {
      if (varint() === null) return CUT_SHORT;
    } else if (wireType === 1) offset += 8;
    else if (wireType === 5) offset += 4;
    else if (wireType === 2) {
      const length = varint();
      if (length === null) return CUT_SHORT;
      offset += length;
      if (field === GRAPH_FIELD) hasGraph = true;
    } else return DAMAGED;
    if (offset > bytes.length) return CUT_SHORT;
  }
  return hasGraph ? null : 'is not an ONNX model (it has no graph)';
}

const CUT_SHORT = 'is cut short: its download stopped before the end';
const DAMAGED = 'is damaged: it is not a readable ONNX model';
