// ESLint 10 flat configuration: the recommended rules of ESLint and typescript-eslint (not the
// type-checked set: `npm run typecheck` already runs the compiler, and this stays fast), tuned
// below where the house style deliberately differs. Import direction is checked by
// dependency-cruiser (`npm run lint:deps`, .dependency-cruiser.cjs), not here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'src/generated/', '.engine/', '.data/', '.bench-cache/', 'coverage/', 'examples/dashboard/src/gql/', 'examples/dashboard/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // A leading underscore names a parameter or element kept for its position (an interface's signature, a tuple).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `any` appears where mongoose's generics and raw GraphQL bodies in tests need it; strict tsc guards the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // src/cli/serve.ts: a signal handler may read the hub before the start assigns it.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Expected command-line output is matched with its literal column spacing.
      'no-regex-spaces': 'off',
      // tests/auth/roles.test.ts builds a describe.each table from a fixture it require()s inline.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
);
