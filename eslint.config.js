// Layering rules (DESIGN.md conventions 1 and 3): folder names say which runtime code runs in.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: 'core and shared run in plain Node or the browser: only electron/main and electron/preload may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only electron/main and electron/preload may import electron.' }],
};

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'better-sqlite3-multiple-ciphers', '@node-rs/argon2'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.electron-native/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'electron/**/*.ts', 'tests/**/*.ts', 'scripts/**', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['electron/core/**', 'electron/shared/**', 'electron/cli/**', 'electron/webhost/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['electron/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: noElectron.paths, patterns: [...noElectron.patterns, { group: nodeBuiltins, message: 'shared code also runs in the renderer: no Node modules here.' }] },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron.paths,
          patterns: [
            ...noElectron.patterns,
            { group: nodeBuiltins, message: 'The renderer is sandboxed: no Node modules in src/.' },
            { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/preload/**', '**/electron/cli/**', '**/electron/webhost/**'], message: 'src/ talks to the journal only through window.mutual.' },
            {
              // Pure, environment-free modules the renderer may use as values: the prompt library,
              // the document schema helpers, the search query parser, the channel list, the shell bridge,
              // the web host's token header, the person-kind labels, the export warning, the journal's events and its dates,
              // and the index's segmentation of unspaced scripts (the editor marks search matches the same way).
              group: ['**/electron/shared/**', '!**/electron/shared/prompts', '!**/electron/shared/doc', '!**/electron/shared/query', '!**/electron/shared/channels', '!**/electron/shared/result', '!**/electron/shared/shell', '!**/electron/shared/transport', '!**/electron/shared/personKinds', '!**/electron/shared/exportWarning', '!**/electron/shared/events', '!**/electron/shared/dates', '!**/electron/shared/segment', '!**/electron/shared/importPreview'],
              allowTypeImports: true,
              message: 'src/ imports only types from electron/shared, except its pure modules (prompts, doc, query, channels, result, shell, transport, personKinds, exportWarning, events, dates, segment, importPreview).',
            },
          ],
        },
      ],
    },
  },
);
