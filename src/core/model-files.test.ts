import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFileProblem } from './model-files';

const onnx = new Uint8Array(
  readFileSync(new URL('../../fixtures/models/cliptag/toy-clip/onnx/text_model_quantized.onnx', import.meta.url)),
);
const config = new Uint8Array(
  readFileSync(new URL('../../fixtures/models/cliptag/toy-clip/config.json', import.meta.url)),
);
const text = (value: string) => new TextEncoder().encode(value);

describe('modelFileProblem', () => {
  it('passes the files of a real model, and files it has no check for', () => {
    expect(modelFileProblem('onnx/text_model_quantized.onnx', onnx)).toBeNull();
    expect(modelFileProblem('config.json', config)).toBeNull();
    expect(modelFileProblem('ort-wasm-simd-threaded.wasm', text('<html>'))).toBeNull();
  });

  it('names a web page served in place of a file', () => {
    const page = text('\n  <!doctype html><html><body>Sign in</body></html>');
    expect(modelFileProblem('config.json', page)).toMatch(/^is a web page/);
    expect(modelFileProblem('onnx/vision_model.onnx', page)).toMatch(/^is a web page/);
  });

  it('finds an .onnx file cut short anywhere, and one that is damaged or empty', () => {
    for (const length of [1, 100, Math.floor(onnx.length / 2), onnx.length - 1]) {
      expect(modelFileProblem('onnx/text_model.onnx', onnx.subarray(0, length)), `cut at ${length}`).toMatch(
        /^is cut short/,
      );
    }
    const damaged = onnx.slice();
    damaged[0] = 0x07; // Field 0, which protobuf never uses.
    expect(modelFileProblem('onnx/text_model.onnx', damaged)).toMatch(/^is damaged/);
    expect(modelFileProblem('onnx/text_model.onnx', new Uint8Array())).toBe('is empty');
    expect(modelFileProblem('onnx/text_model.onnx', new Uint8Array([0x08, 0x07]))).toMatch(/has no graph/);
  });

  it('finds JSON that is cut short or is not an object', () => {
    expect(modelFileProblem('tokenizer.json', config.subarray(0, config.length - 5))).toMatch(/^is not valid JSON/);
    expect(modelFileProblem('config.json', text('"just a string"'))).toMatch(/^is not a settings file/);
  });
});
