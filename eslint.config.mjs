// ESLint flat config. The import zones below keep the layers honest (see docs/architecture.md):
// contract imports zod only; core never sees electron/react/DOM libraries and only its node/
// folders (and the composition root) touch node: and native modules; the renderer never sees
// node:, electron, native modules, the shells or core's node/ folders.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'http',
  'stream',
];
const nativeModules = ['better-sqlite3', 'onnxruntime-node', 'sharp', '@napi-rs/canvas', 'ws'];
const uiModules = ['electron', 'electron/*', 'react', 'react-dom', 'react-dom/*', 'konva', 'react-konva'];

const restrict = (paths, regexes, message) => [
  'error',
  {
    patterns: [{ group: paths, message }, ...regexes.map((regex) => ({ regex, message }))],
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', '.artifacts', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'no .only in tests' },
      ],
    },
  },
  {
    files: ['src-main/contract/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, ...nativeModules, ...uiModules],
        ['^\\.\\./'],
        'the contract is isomorphic: it imports zod and its own files only',
      ),
    },
  },
  {
    files: ['src-main/core/**'],
    ignores: ['src-main/core/**/node/**', 'src-main/core/studio.ts', 'src-main/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, ...nativeModules, ...uiModules],
        ['/node/', '(^|/)(electron|server|cli)/', 'src-renderer'],
        'platform-free core: node-bound code lives in a node/ folder; core never sees electron, react or the shells',
      ),
    },
  },
  {
    files: ['src-main/core/**/node/**', 'src-main/core/studio.ts'],
    rules: {
      'no-restricted-imports': restrict(
        uiModules,
        ['(^|/)(electron|server|cli)/', 'src-renderer'],
        'core never imports electron, react or the shells',
      ),
    },
  },
  {
    files: ['src-main/server/**', 'src-main/cli/**'],
    rules: {
      'no-restricted-imports': restrict(
        uiModules,
        ['(^|/)electron/', 'src-renderer', 'core/(?!studio$|node/|shared/|pose/)'],
        'shells talk to core through studio.ts and the contract',
      ),
    },
  },
  {
    files: ['src-main/electron/**'],
    ignores: ['src-main/electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        ['react', 'react-dom', 'konva', 'react-konva'],
        ['(^|/)(server|cli)/', 'src-renderer', 'core/(?!studio$|node/files$|shared/)'],
        'the Electron shell talks to core through studio.ts and the contract',
      ),
    },
  },
  {
    files: ['src-main/electron/preload/**'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, ...nativeModules],
        ['(^|/)core/'],
        'the preload is generic: electron/renderer plus contract types only',
      ),
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        [...nodeBuiltins, ...nativeModules, 'electron', 'electron/*'],
        ['/node/', '(^|/)src-main/(electron|server|cli)/', 'core/studio'],
        'the renderer talks to the contract only; it may use platform-free core (pose math)',
      ),
    },
  },
  prettier,
);
