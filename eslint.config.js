// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const focusedTests = ['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'Focused tests silence the rest of the suite.' }));

/** @param {string[]} patterns @param {string} message */
const forbid = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'test-reports/**', 'playwright-report/**', 'bench/results/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-restricted-properties': ['error', ...focusedTests],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Layer boundaries (see docs/ARCHITECTURE.md).
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['electron', 'node:*', 'react', 'react-dom', '**/main/**', '**/core/**', '**/renderer/**', '**/sim/**', '**/bridge/**'], 'src/shared is pure: no Electron, Node, DOM or app layers.')] }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['electron', 'node:*', '**/main/**', '**/core/**', '**/sim/**', '**/bridge/**', '**/preload/**', 'zod', 'libphonenumber-js*', 'purecloud-platform-client-v2', 'keytar'], 'The renderer knows only the IPC contract (src/shared) and itself.')] }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['node:*', '**/main/**', '**/core/**', '**/renderer/**', '**/sim/**', '**/bridge/**', 'zod'], 'The preload bundles only electron and src/shared.')] }],
    },
  },
  {
    files: ['src/core/**'],
    // Tests of the core may drive the simulator; the core itself may not.
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['electron', 'electron-log*', '**/renderer/**', '**/sim/**', '**/bridge/**', '**/main/**'], 'The core is framework-free: Electron, main, the shell and the simulator are edges.')] }],
    },
  },
  {
    files: ['src/sim/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['electron', '**/main/**', '**/core/**', '**/renderer/**', '**/shared/**', '**/bridge/**', '**/preload/**'], 'The simulator is a separate program: it imports nothing from the app.')] }],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/services.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['**/renderer/**', '**/sim/**', '**/bridge/**'], 'Main never imports the renderer; only services.ts (demo org) imports the simulator.')] }],
    },
  },
  // Raw IPC lives only in the IPC layer and the preload.
  {
    files: ['src/**'],
    ignores: ['src/main/ipc/electron.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name=/^(ipcMain|ipcRenderer)$/]", message: 'Use the typed IPC layer (src/main/ipc) instead of raw ipcMain/ipcRenderer.' },
        { selector: "MemberExpression[property.name=/^(ipcMain|ipcRenderer)$/]", message: 'Use the typed IPC layer (src/main/ipc) instead of raw ipcMain/ipcRenderer.' },
        { selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']", message: 'Push events through the state hub, not webContents.send.' },
      ],
    },
  },
);
