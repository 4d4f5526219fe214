// Lint: type-aware rules that catch real bugs (floating promises), type-only imports, and the
// workflow sandbox rule: workflows/ may not import Node built-ins or runtime code from src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'dist/**', 'test/replay/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process'], message: 'workflows are deterministic: no Node built-ins' },
            { group: ['../src/*', '../src/**', 'undici', 'pg', '@electric-sql/*'], message: 'workflows import only @temporalio/workflow, @temporalio/common, types and workflows/*', allowTypeImports: true },
            { group: ['../activities/*', '../activities/**'], message: 'workflows import activity types only', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
