import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { contentSecurityPolicy, securityHeaders } from './src/core/content-policy.ts';
import { demoAssetsPlugin } from './tools/vite/demo-assets.ts';

/** Cross-origin isolation lets ORT's WASM backend use SharedArrayBuffer, hence threads. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The built page carries its Content-Security-Policy and referrer policy in meta tags, so any static
 * host enforces them; the dev server goes without (React's refresh runtime is an inline script).
 */
function securityMetaPlugin(modelHosts: string[]): Plugin {
  return {
    name: 'cliptag-security-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(modelHosts) },
        injectTo: 'head-prepend',
      },
      { tag: 'meta', attrs: { name: 'referrer', content: 'no-referrer' }, injectTo: 'head-prepend' },
    ],
  };
}

/** `--mode bench` builds the app beside the benchmark page (bench/index.html) into dist-bench. */
const benchBuild = {
  outDir: 'dist-bench',
  rollupOptions: { input: { app: 'index.html', bench: 'bench/index.html' } },
};

/**
 * The service worker (src/app/sw.ts) precaches the whole build, so a second visit works offline, and
 * adds the isolation headers on hosts that cannot send them. The manifest and icons live in public/.
 */
const serviceWorker = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/app',
  filename: 'sw.ts',
  // src/app/service-worker.ts registers it and prompts for updates; the dev server runs without it.
  injectRegister: false,
  manifest: false,
  devOptions: { enabled: false },
  injectManifest: {
    // A classic script, which every browser with service workers runs; module service workers are not everywhere.
    rollupFormat: 'iife',
    // No .onnx: the demo model, like any model, is kept by transformers.js once used, and nothing the
    // size of a model is fetched before the person picks one.
    globPatterns: ['**/*.{html,js,mjs,css,wasm,json,png,jpg,jpeg,svg,webmanifest}'],
    // ONNX Runtime's plain build is 14 MB and its asyncify build (WebGPU) 27 MB.
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
  },
});

export default defineConfig(({ mode }) => {
  // A model host baked in at build time is one more host the policy allows.
  const buildHost = loadEnv(mode, process.cwd(), 'VITE_').VITE_MODEL_HOST;
  const modelHosts = buildHost ? [buildHost] : [];
  return {
    base: './',
    // The benchmark times cold and warm visits as they were, without a worker precaching 48 MB beside them.
    plugins: [
      react(),
      demoAssetsPlugin(),
      ...(mode === 'bench' ? [] : [serviceWorker, securityMetaPlugin(modelHosts)]),
    ],
    define: { __SERVICE_WORKER__: JSON.stringify(mode !== 'bench') },
    server: { headers: isolationHeaders },
    preview: { headers: { ...isolationHeaders, ...(mode === 'bench' ? {} : securityHeaders(modelHosts)) } },
    worker: { format: 'es' },
    // Pre-bundling these makes Vite reload the page mid-session in dev.
    optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
    build: { target: 'es2022', chunkSizeWarningLimit: 2000, ...(mode === 'bench' ? benchBuild : {}) },
  };
});
