import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'data/', 'dist/', 'web/dist/', '*.cjs', 'tmp-*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // An expect without a matcher asserts nothing.
      'no-restricted-syntax': [
        'error',
        { selector: 'ExpressionStatement > CallExpression[callee.name="expect"]', message: 'expect(...) must end in a matcher' },
      ],
    },
  },
  {
    // The worker entry loaded through require (src/workers/scanPartnerEntry.cjs).
    files: ['src/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.ts', 'benchmarks/**/*.ts', 'web/scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
