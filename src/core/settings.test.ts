import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL_ID,
  catalogDtype,
  DEMO_MODEL_ID,
  MissingScoringConstantsError,
  scoringConstants,
  trainedLogitScale,
} from './catalog';
import { builtInSource, startupChoice } from './settings';
import {
  HUB_HOST,
  HUB_PATH_TEMPLATE,
  InvalidHostError,
  hostLabel,
  hubLayoutSource,
  modelFileUrl,
  normalizeHost,
} from './source';

const base = { savedHost: null, savedModel: null, buildHost: undefined, appBaseUrl: 'https://app.example/tagger/' };

describe('startupChoice', () => {
  it('starts with the model last loaded, but a model named in the address is asked for explicitly', () => {
    const saved = startupChoice({ ...base, search: '', savedModel: 'Xenova/clip-vit-base-patch16' });
    expect(saved.choice.model).toBe('Xenova/clip-vit-base-patch16');
    expect(saved.explicit).toBe(false);
    const named = startupChoice({
      ...base,
      search: `?model=${DEMO_MODEL_ID}`,
      savedModel: 'Xenova/clip-vit-base-patch16',
    });
    expect(named).toMatchObject({ choice: { model: DEMO_MODEL_ID }, explicit: true });
    expect(startupChoice({ ...base, search: '' })).toMatchObject({
      choice: { model: DEFAULT_MODEL_ID },
      explicit: false,
    });
  });
  it('defaults to CLIP ViT-B/32 from the Hugging Face Hub', () => {
    const { choice } = startupChoice({ ...base, search: '' });
    expect(choice).toEqual({
      model: DEFAULT_MODEL_ID,
      source: { host: 'https://huggingface.co/', pathTemplate: HUB_PATH_TEMPLATE },
    });
  });
  it('prefers the URL host, then the saved one, then the build one', () => {
    expect(
      startupChoice({
        ...base,
        search: '?host=http://127.0.0.1:9/',
        savedHost: 'http://localhost:8080/',
        buildHost: 'https://build/',
      }).choice.source.host,
    ).toBe('http://127.0.0.1:9/');
    expect(
      startupChoice({ ...base, search: '', savedHost: 'http://localhost:8080/', buildHost: 'https://build/' }).choice
        .source.host,
    ).toBe('http://localhost:8080/');
    expect(startupChoice({ ...base, search: '', buildHost: 'https://build/mirror' }).choice.source.host).toBe(
      'https://build/mirror/',
    );
  });
  it('refuses a host that the content security policy keeps out, unless the app was built with it', () => {
    const refused = startupChoice({ ...base, search: '?host=https://mirror.example.org/' });
    expect(refused.hostError).toMatch(/VITE_MODEL_HOST=https:\/\/mirror\.example\.org\//);
    expect(refused.choice.source.host).toBe(HUB_HOST);
    const built = startupChoice({ ...base, search: '', buildHost: 'https://mirror.example.org/' });
    expect(built.hostError).toBeNull();
  });
  it('loads the demo model from the build unless the URL names a host', () => {
    expect(startupChoice({ ...base, search: `?model=${DEMO_MODEL_ID}` }).choice.source).toEqual({
      host: 'https://app.example/tagger/models/',
      pathTemplate: '{model}/',
    });
    expect(
      startupChoice({ ...base, search: `?model=${DEMO_MODEL_ID}&host=http://127.0.0.1:1/` }).choice.source.pathTemplate,
    ).toBe(HUB_PATH_TEMPLATE);
  });
  it('loads nothing named in the address beside a malformed host, and offers the Hub with a warning', () => {
    const { choice, hostError, explicit } = startupChoice({ ...base, search: '?host=not a url&model=org/clip' });
    expect(explicit).toBe(false);
    expect(choice).toEqual({
      model: 'org/clip',
      source: { host: 'https://huggingface.co/', pathTemplate: HUB_PATH_TEMPLATE },
    });
    expect(hostError).toBe(
      'The model host in the page address cannot be used: "not a url" is not a web address. Nothing was loaded; correct the address, or choose a model below, which comes from huggingface.co.',
    );
  });
});

describe('hosts', () => {
  it('adds the trailing slash and refuses non-http addresses', () => {
    expect(normalizeHost(' https://mirror.example/hf ')).toBe('https://mirror.example/hf/');
    expect(() => normalizeHost('ftp://x/')).toThrow(InvalidHostError);
    expect(hostLabel(builtInSource('http://127.0.0.1:4173/'))).toBe('127.0.0.1:4173');
  });
});

describe('trainedLogitScale', () => {
  it("uses the catalog's trained scale over the config's untrained init", () => {
    expect(trainedLogitScale(DEFAULT_MODEL_ID, 2.6592)).toBe(100);
  });
  it('uses exp(config value) for other models, and 100 without one', () => {
    expect(trainedLogitScale('someone/clip', Math.log(42))).toBeCloseTo(42, 9);
    expect(trainedLogitScale('someone/clip', undefined)).toBe(100);
  });
});

describe('scoringConstants', () => {
  it('gives CLIP no bias', () => {
    expect(scoringConstants(DEFAULT_MODEL_ID, 'clip', { logit_scale_init_value: 2.6592 })).toEqual({
      logitScale: 100,
      logitBias: 0,
    });
  });
  it("reads SigLIP's log scale and bias from config.json", () => {
    const { logitScale, logitBias } = scoringConstants('someone/siglip', 'siglip', {
      logit_scale_init_value: Math.log(117),
      logit_bias_init_value: -12.5,
    });
    expect(logitScale).toBeCloseTo(117, 9);
    expect(logitBias).toBe(-12.5);
  });
  it("uses the catalog's trained SigLIP constants, which its config.json lacks, over any init values", () => {
    const trained = { logitScale: 117.330765, logitBias: -12.932437 };
    expect(scoringConstants('Xenova/siglip-base-patch16-224', 'siglip', {})).toEqual(trained);
    expect(
      scoringConstants('Xenova/siglip-base-patch16-224', 'siglip', {
        logit_scale_init_value: Math.log(10),
        logit_bias_init_value: -10,
      }),
    ).toEqual(trained);
  });
  it('refuses a SigLIP model without them, naming the model', () => {
    expect(() => scoringConstants('someone/siglip', 'siglip', {})).toThrow(MissingScoringConstantsError);
    expect(() => scoringConstants('someone/siglip', 'siglip', {})).toThrow(/someone\/siglip/);
  });
});

describe('modelFileUrl', () => {
  it('joins host, repo path and file as transformers.js does, for the Hub layout and the built-in one', () => {
    expect(
      modelFileUrl(hubLayoutSource('https://huggingface.co'), 'Xenova/clip-vit-base-patch32', 'onnx/vision_model.onnx'),
    ).toBe('https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model.onnx');
    expect(modelFileUrl(builtInSource('https://app.example/tagger/'), DEMO_MODEL_ID, 'config.json')).toBe(
      'https://app.example/tagger/models/cliptag/toy-clip/config.json',
    );
  });
});

describe('catalogDtype', () => {
  it('picks what a load would: q8 on the processor, fp16 on a GPU with f16 shaders where shipped, else fp32', () => {
    const wasm = { kind: 'wasm' as const, threads: 2, whyNotWebGpu: '' };
    const f16 = { kind: 'webgpu' as const, adapter: 'gpu', shaderF16: true, maxBufferBytes: 2 ** 27 };
    expect(catalogDtype(DEFAULT_MODEL_ID, wasm)).toBe('q8');
    expect(catalogDtype(DEFAULT_MODEL_ID, f16)).toBe('fp16');
    // The demo ships no fp16 files.
    expect(catalogDtype(DEMO_MODEL_ID, f16)).toBe('fp32');
    expect(catalogDtype('someone/unknown-clip', wasm)).toBe('q8');
  });
});
