/** The import-cycle rule over real files: a cycle (types too) is reported on each import inside it; a chain is not. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, expect, it } from 'vitest';
import cycles, { resetImportGraph } from './no-import-cycles.ts';

afterEach(() => resetImportGraph());

function lint(files: Record<string, string>, name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hemtrygg-cycles-'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const linter = new Linter({ configType: 'flat', cwd: dir });
  return linter.verify(
    files[name] ?? '',
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { hemtrygg: cycles },
        rules: { 'hemtrygg/no-import-cycles': 'error' },
      },
    ],
    join(dir, name),
  );
}

it('reports a cycle of two modules, also through type-only imports, and names it', () => {
  const files = {
    'api.ts': "import type { Summary } from './supervision.ts';\nexport type Api = Summary;\n",
    'supervision.ts': "import type { Api } from './api.ts';\nexport type Summary = { api?: Api };\n",
  };
  const messages = lint(files, 'api.ts');
  expect(messages).toHaveLength(1);
  expect(messages[0]?.message).toMatch(/api\.ts → .*supervision\.ts → .*api\.ts/);
});

it('reports a longer cycle, and leaves a plain chain alone', () => {
  const ring = {
    'a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
    'b.ts': "import { c } from './c.ts';\nexport const b = () => c;\n",
    'c.ts': "import { a } from './a.ts';\nexport const c = () => a;\n",
  };
  expect(lint(ring, 'b.ts')).toHaveLength(1);
  resetImportGraph();
  const chain = {
    'a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
    'b.ts': "import { c } from './c.ts';\nexport const b = () => c;\n",
    'c.ts': 'export const c = 1;\n',
  };
  for (const file of Object.keys(chain)) expect(lint(chain, file)).toEqual([]);
});
