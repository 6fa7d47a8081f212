/**
 * An ESLint rule: no import cycles between our own modules (type-only imports count too: a cycle of types is still
 * two modules that cannot be understood apart). It reads the relative imports of every module reachable from the file
 * being linted, finds the strongly connected parts of that graph once per run (Tarjan), and reports each import of
 * the file that stays inside its cycle, naming the cycle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Rule } from 'eslint';

/** `import … from './x.ts'`, `export … from '../y.ts'`, `import './z.ts'`: the relative specifiers of a module. */
const SPECIFIER = /(?:^|[\s;])(?:import|export)(?:[\s\w{},*]*?from)?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

const imports = new Map<string, string[]>();

/** The modules a file imports, as absolute paths (only those that exist: our imports name their extension). */
export function importsOf(file: string): string[] {
  const known = imports.get(file);
  if (known) return known;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // a file that cannot be read imports nothing we can follow
  }
  const found = new Set<string>();
  for (const match of text.matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), match[1] ?? '');
    if (existsSync(target)) found.add(target);
  }
  const list = [...found];
  imports.set(file, list);
  return list;
}

/** The strongly connected component of every module reachable from `start` (a component id per file). */
const component = new Map<string, number>();
const componentSize = new Map<number, number>();
let components = 0;

function tarjan(start: string): void {
  if (component.has(start)) return;
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  // Iterative, so a deep chain of imports cannot overflow the stack.
  const work: { file: string; next: number }[] = [];
  const enter = (file: string) => {
    indices.set(file, index);
    low.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    work.push({ file, next: 0 });
  };
  const lowOf = (file: string) => low.get(file) ?? Infinity;
  enter(start);
  for (let frame = work.at(-1); frame; frame = work.at(-1)) {
    const target = importsOf(frame.file)[frame.next];
    if (target !== undefined) {
      frame.next += 1;
      if (component.has(target)) continue;
      if (!indices.has(target)) enter(target);
      else if (onStack.has(target)) low.set(frame.file, Math.min(lowOf(frame.file), indices.get(target) ?? Infinity));
      continue;
    }
    work.pop();
    const parent = work.at(-1);
    if (parent) low.set(parent.file, Math.min(lowOf(parent.file), lowOf(frame.file)));
    if (low.get(frame.file) !== indices.get(frame.file)) continue;
    components += 1;
    let size = 0;
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.set(member, components);
      size += 1;
      if (member === frame.file) break;
    }
    componentSize.set(components, size);
  }
}

/** Forget what was read (tests write new files between runs). */
export function resetImportGraph(): void {
  imports.clear();
  component.clear();
  componentSize.clear();
}

/** A path from `from` back to `to` inside one component, for the message. */
function cyclePath(from: string, to: string): string[] {
  const id = component.get(from);
  const seen = new Set<string>([from]);
  const queue: string[][] = [[from]];
  for (let path = queue.shift(); path; path = queue.shift()) {
    for (const next of importsOf(path.at(-1) ?? from)) {
      if (next === to) return [...path, to];
      if (seen.has(next) || component.get(next) !== id) continue;
      seen.add(next);
      queue.push([...path, next]);
    }
  }
  return [from, to];
}

export const noImportCycles: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between our own modules.' },
    schema: [],
    messages: { cycle: 'Import cycle: {{cycle}}. Move what both need into a module of its own.' },
  },
  create(context) {
    const file = resolve(context.filename);
    return {
      'ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration'(
        node: Rule.Node & { source?: { value?: unknown } | null },
      ) {
        const specifier = node.source?.value;
        if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
        const target = resolve(dirname(file), specifier);
        if (!existsSync(target)) return;
        tarjan(file);
        const id = component.get(file);
        if (id === undefined || component.get(target) !== id) return;
        if ((componentSize.get(id) ?? 1) < 2 && target !== file) return;
        const root = process.cwd();
        const cycle = [file, ...cyclePath(target, file)].map((f) => relative(root, f)).join(' → ');
        context.report({ node, messageId: 'cycle', data: { cycle } });
      },
    };
  },
};

export default { rules: { 'no-import-cycles': noImportCycles } };
