import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { demoAssetsPlugin } from './tools/vite/demo-assets.ts';

/** Cross-origin isolation lets ORT's WASM backend use SharedArrayBuffer, hence threads. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** `--mode bench` builds the app beside the benchmark page (bench/index.html) into dist-bench. */
const benchBuild = {
  outDir: 'dist-bench',
  rollupOptions: { input: { app: 'index.html', bench: 'bench/index.html' } },
};

export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [react(), demoAssetsPlugin()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  // Pre-bundling these makes Vite reload the page mid-session in dev.
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, ...(mode === 'bench' ? benchBuild : {}) },
}));
