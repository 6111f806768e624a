/**
 * The CLI bundle's lazy stand-in for @lezer/python (scripts/lazy-python-grammar.mjs): a module given it gets a
 * working `parser`, and a build whose importer asks the stand-in for anything else fails, naming the file and
 * the name (a name imported from the CommonJS stand-in would otherwise be undefined at run time, silently).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot } from './helpers/paths.js';
import { tempDir } from './helpers/temp.js';

const { lazyPythonGrammar } = (await import(pathToFileURL(join(repoRoot, 'scripts/lazy-python-grammar.mjs')).href)) as { lazyPythonGrammar: Parameters<typeof build>[0]['plugins'] extends (infer P)[] | undefined ? P : never };

/** Bundles `source` as an engine/python/tree.js (the one importer the stand-in serves) as the CLI's build does; the bundle's path, or the build's error. */
async function bundle(source: string): Promise<{ out?: string; error?: string }> {
  const dir = tempDir('cursus-lazy-grammar-');
  const entry = join(dir, 'engine/python/tree.js');
  mkdirSync(join(dir, 'engine/python'), { recursive: true });
  writeFileSync(entry, source);
  const out = join(dir, 'out.cjs');
  try {
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], nodePaths: [join(repoRoot, 'node_modules')], plugins: [lazyPythonGrammar], logLevel: 'silent' });
    return { out };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const run = (file: string) => spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });

test('the stand-in gives a working `parser` (the real module\'s, under any local name): the bundle parses Python', async () => {
  const { out, error } = await bundle(`import { parser } from '@lezer/python';\nimport { parser as again } from "@lezer/python";\nconsole.log(parser.parse('x = f(1)\\n').topNode.name, again === parser);\n`);
  assert.equal(error, undefined);
  assert.match(readFileSync(out!, 'utf8'), /get parser\(\)/, 'the bundle holds the stand-in, not the module itself');
  const result = run(out!);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'Script true');
});

test('a build whose importer asks the stand-in for another name, or uses the module otherwise, fails naming the file and the name', async () => {
  const cases: [string, RegExp][] = [
    [`import { parser, LRParser } from '@lezer/python';\nconsole.log(parser, LRParser);\n`, /tree\.js: it imports `LRParser`, which the stand-in does not provide/],
    [`import { parser } from '@lezer/python';\nimport { highlight as h } from '@lezer/python';\nconsole.log(parser, h);\n`, /it imports `highlight`/],
    [`import * as python from '@lezer/python';\nconsole.log(python.parser);\n`, /tree\.js: it uses the module other than by/],
    [`import python from '@lezer/python';\nconsole.log(python);\n`, /it uses the module other than by/],
    [`export { parser } from '@lezer/python';\n`, /it uses the module other than by/],
    [`import { parser } from '@lezer/python';\nexport const later = () => import('@lezer/python');\nconsole.log(parser);\n`, /it uses the module other than by/],
  ];
  for (const [source, message] of cases) {
    const { error } = await bundle(source);
    assert.ok(error !== undefined, `the build fails: ${source}`);
    assert.match(error, message, source);
    assert.match(error, /LAZY_NAMES in scripts\/lazy-python-grammar\.mjs/, 'the message says what to do');
  }
});

test('the CLI\'s own build gives engine/python/tree.js the stand-in (so its imports are checked)', () => {
  const text = readFileSync(join(repoRoot, 'dist/server/src/bundle/cursus-lint.cjs'), 'latin1');
  assert.match(text, /get parser\(\)\{return real\(\)\.parser\}/, 'the CLI bundle holds the lazy stand-in');
});
