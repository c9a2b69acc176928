// Lints what the layout promises: one-way imports between rooms, no floating promises, the rules of hooks.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Rooms that must not import a room that builds on them (see README, "How it is built"). */
const ROOMS_ABOVE = {
  core: ['client', 'worker', 'session', 'ui', 'app', 'testing'],
  worker: ['client', 'session', 'ui', 'app', 'testing'],
  client: ['worker', 'session', 'ui', 'app', 'testing'],
  session: ['worker', 'ui', 'app', 'testing'],
  ui: ['worker', 'app', 'testing'],
  app: ['worker', 'testing'],
};

const boundaryZones = [
  ...Object.entries(ROOMS_ABOVE).map(([room, above]) => ({
    target: `./src/${room}`,
    from: above.map((other) => `./src/${other}`),
    message: `src/${room} may not import from a room that builds on it.`,
  })),
  { target: './src/worker/photo', from: './src/worker/model', message: 'The photo worker knows nothing of the model.' },
];

/** Only the worker touches the model runtime; React stays in ui and app. */
const restrictedPackages = (names, message) => ({ paths: names.map((name) => ({ name, message })) });
const MODEL_RUNTIME = ['@huggingface/transformers', 'onnxruntime-web', 'onnxruntime-web/webgpu'];
const REACT = ['react', 'react-dom', 'react-dom/client'];

export default defineConfig(
  {
    ignores: ['dist/', 'dist-bench/', '.cache/', 'bench-results/', 'test-results/', 'playwright-report/', 'fixtures/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'src/testing/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: boundaryZones }] },
  },
  {
    files: ['src/core/**', 'src/client/**', 'src/session/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        restrictedPackages(
          [...MODEL_RUNTIME, ...REACT],
          'Only src/worker runs the model, and only src/ui and src/app use React.',
        ),
      ],
    },
  },
  {
    files: ['src/worker/**'],
    rules: { 'no-restricted-imports': ['error', restrictedPackages(REACT, 'The worker has no React.')] },
  },
  {
    files: ['src/ui/**', 'src/app/**'],
    rules: { 'no-restricted-imports': ['error', restrictedPackages(MODEL_RUNTIME, 'Only src/worker runs the model.')] },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
