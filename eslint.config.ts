import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import type { Linter } from 'eslint';
import cycles from './eslint-rules/no-import-cycles.ts';

/** Who may import whom: the table in docs/design/architecture.md, enforced so a wrong arrow fails the gate. */
const ourFolders = ['core', 'db', 'backend', 'main', 'renderer', 'server', 'e2e', 'bench', 'integration'];
function onlyImports(folder: string, allowed: string[], extra: string[] = []): Linter.Config {
  const forbidden = ourFolders.filter((f) => f !== folder && !allowed.includes(f));
  return {
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((f) => ({
              group: [`**/${f}/**`, `**/${f}`],
              message: `${folder}/ may not import ${f}/ (see docs/design/architecture.md).`,
            })),
            ...extra.map((name) => ({ group: [name, `${name}/**`], message: `${folder}/ may not import ${name}.` })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules', '.tools', '.scratch', 'out', 'dist', 'coverage', 'bench/results', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Modules that import each other (types too) cannot be understood, tested or moved apart.
      'hemtrygg/no-import-cycles': 'error',
    },
    plugins: { hemtrygg: cycles },
  },
  {
    // Tests index into results they have just asserted on; `!` there reads better than a guard per line.
    files: ['**/*.test.ts', '**/test-support.ts', 'e2e/**/*.ts', 'integration/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  onlyImports('core', []),
  onlyImports('db', ['core']),
  onlyImports('backend', ['core', 'db']),
  onlyImports('main', ['core']),
  onlyImports('renderer', ['core'], ['node:*', 'electron', 'rxdb', 'better-sqlite3-multiple-ciphers']),
  onlyImports('server', ['core']),
);
