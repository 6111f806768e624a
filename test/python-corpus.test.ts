/**
 * X603 agrees with CPython: over the interpreter's own standard library, no file `ast.parse` accepts is a
 * syntax error for us, and every file it rejects is. By default a sample (every 25th file plus every file that
 * is tricky: rejected by CPython, or misread by the tree parser); CURSUS_CORPUS=full runs all of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { readScript } from '../server/src/engine/index.js';
import { runCli, workspace } from './helpers/cli.js';

const truth = spawnSync(
  'python3',
  [
    '-c',
    `
import ast, json, os, sysconfig, warnings
warnings.simplefilter("ignore")
root = sysconfig.get_paths()["stdlib"]
out = {}
for d, ds, fs in os.walk(root):
    ds[:] = [x for x in ds if x not in ("site-packages", "__pycache__")]
    for f in fs:
        if f.endswith(".py") and f != "__init__.py":
            p = os.path.join(d, f)
            try:
                ast.parse(open(p, "rb").read(), p)
                out[os.path.relpath(p, root)] = True
            except SyntaxError:
                out[os.path.relpath(p, root)] = False
            except Exception:
                out[os.path.relpath(p, root)] = False
print(json.dumps({"root": root, "files": out}))
`,
  ],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const corpus = JSON.parse(truth.stdout) as { root: string; files: Record<string, boolean> };

test(`the standard library (${Object.keys(corpus.files).length} files): X603 is exactly the files ast.parse rejects`, () => {
  const root = workspace({ '.cursus-lsp.yaml': 'scripts: ["stdlib"]\n' });
  symlinkSync(corpus.root, join(root, 'stdlib'));
  const indexer = new ProjectIndexer(loadConfig(root));
  const scripts = indexer.index().scripts;
  const full = process.env.CURSUS_CORPUS === 'full';
  const all = Object.keys(corpus.files).sort();
  const rejected = all.filter((f) => !corpus.files[f]);
  assert.ok(all.length > 1000 && rejected.length > 0, `a real corpus: ${all.length} files, ${rejected.length} rejected`);
  const tricky = new Set([...rejected, 'xml/etree/ElementTree.py', 'test/test_with.py', 'test/test_argparse.py', 'asyncio/tasks.py', 'test/test_grammar.py', 'test/test_patma.py', 'test/test_positional_only_arg.py', 'test/test_print.py', 'test/test_genericalias.py']);
  const byPath = new Map(scripts.map((s) => [s.path.replace(/^stdlib\//, ''), s]));
  // Folders the project walk skips on purpose (venv, build, ...) are left out.
  const walked = all.filter((f) => byPath.has(f));
  assert.ok(walked.length > all.length * 0.95, `${walked.length} of ${all.length} files found through the symlinked folder`);
  const chosen = full ? walked : walked.filter((f, i) => i % 25 === 0 || tricky.has(f));
  assert.ok(chosen.filter((f) => !corpus.files[f]).length >= 5, 'the files CPython rejects are in the sample');
  const wrong: string[] = [];
  let treeParserWrong = 0;
  for (const rel of chosen) {
    const script = byPath.get(rel);
    const info = script!.read();
    assert.ok(info, rel);
    const ours = !info.syntaxError;
    if (ours !== corpus.files[rel]) wrong.push(`${rel}: CPython ${corpus.files[rel] ? 'accepts' : 'rejects'} it, we ${ours ? 'accept' : `report ${JSON.stringify(info.syntaxError)}`}`);
    if (full && corpus.files[rel] === Boolean(readScript(readFileSync(join(corpus.root, rel), 'utf8')).syntaxError)) treeParserWrong++;
  }
  if (full) console.log(`${chosen.length} files; the tree parser alone would misjudge ${treeParserWrong}`);
  assert.deepEqual(wrong, []);
});

test('a parenthesised multi-item with (3.10+) is no X603; a print statement and a bad coding cookie are, with CPython\'s words', () => {
  const spec = (name: string) => `script_name: ${name}\nstep_name: ${name}\n`;
  const root = workspace({
    'scripts/multi_with.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    with (\n        open(input_paths["a"]) as f,\n        open(output_paths["b"], "w") as g,\n    ):\n        g.write(f.read())\n    with f as (a, b):\n        yield\n    return 1.\n',
    'scripts/py2_print.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    print "done"\n',
    'specs/multi_with.spec.yaml': spec('multi_with'),
    'specs/py2_print.spec.yaml': spec('py2_print'),
  });
  writeFileSync(join(root, 'scripts/bad_coding.py'), '# -*- coding: no-such-codec -*-\ndef main(input_paths, output_paths, environ_vars, job_args):\n    pass\n');
  writeFileSync(join(root, 'specs/bad_coding.spec.yaml'), spec('bad_coding'));
  const r = runCli(['check', '--format', 'json'], root);
  const out = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; message: string }[] }[];
  const x603 = (f: string) => out.find((o) => o.file === f)?.diagnostics.filter((d) => d.code === 'X603') ?? [];
  assert.deepEqual(x603('specs/multi_with.spec.yaml'), []);
  assert.match(x603('specs/py2_print.spec.yaml')[0]?.message ?? '', /line 2, column 5 \(.*python.*: Missing parentheses in call to 'print'/);
  assert.match(x603('specs/bad_coding.spec.yaml')[0]?.message ?? '', /unknown encoding/);
});
