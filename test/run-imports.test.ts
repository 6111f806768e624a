/** How scripts are loaded (on their own like Cursus, or with their package context without running ancestor `__init__.py`), tracebacks, terminal output and usage errors of `cursus-lint run`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workspace } from './helpers/cli.js';

interface Result {
  status: string;
  success: boolean;
  error_message: string | null;
  loaded_as: string | null;
  traceback: { file: string; line: number; name: string }[];
  stdout_tail: string;
}

const node = (name: string, script: string, extra = '') => `  ${name}:
    script_name: ${script}
    step_name: ${name}
    input_paths: {}
    output_paths: {out: out/${name}}
${extra}`;

function pipeline(nodes: [string, string][]): string {
  return `dag:\n  nodes: [${nodes.map(([n]) => n).join(', ')}]\n  edges: []\nscript_specs:\n${nodes.map(([n, s]) => node(n, s)).join('')}`;
}

const runJson = (root: string, ...args: string[]) => {
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--no-cache', ...args], root);
  return { ...r, results: (JSON.parse(r.stdout || '{"script_results":{}}') as { script_results: Record<string, Result> }).script_results };
};

test('a script with a relative import runs inside a package whose __init__.py raises: ancestors are not executed, siblings import', () => {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "x"\n',
    'src/fw/__init__.py': 'raise ImportError("No module named \'pydantic\'")\n',
    'src/fw/steps/__init__.py': 'raise ImportError("No module named \'sagemaker\'")\n',
    'src/fw/steps/scripts/__init__.py': 'raise ImportError("the scripts package imports the builders")\n',
    'src/fw/steps/scripts/common.py': 'def double(x):\n    return 2 * x\n',
    'src/fw/steps/scripts/prep.py': `import os
from .common import double
from . import common

def main(input_paths, output_paths, environ_vars, job_args):
    with open(os.path.join(output_paths["out"], "r.txt"), "w") as f:
        f.write("%s %d %d" % (__name__, double(21), common.double(1)))
`,
    'p.pipeline.yaml': pipeline([['prep', 'prep']]),
  });
  const { code, results, stderr } = runJson(root);
  assert.equal(code, 0, `${stderr} ${JSON.stringify(results)}`);
  assert.equal(results.prep.status, 'passed');
  assert.equal(results.prep.loaded_as, 'package');
  assert.equal(readFileSync(join(root, 'out/prep/r.txt'), 'utf8'), 'fw.steps.scripts.prep 42 2');
});

test('a script without relative imports is loaded on its own as Cursus does: module script_module, its __main__ block skipped', () => {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "x"\n',
    'pkg/__init__.py': 'raise ImportError("never imported")\n',
    'pkg/scripts/__init__.py': '',
    'pkg/scripts/helper.py': 'VALUE = 7\n',
    'pkg/scripts/alone.py': `import os
import helper

def main(input_paths, output_paths, environ_vars, job_args):
    with open(os.path.join(output_paths["out"], "r.txt"), "w") as f:
        f.write("%s %d" % (__name__, helper.VALUE))

if __name__ == "__main__":
    open("MAIN_BLOCK_RAN", "w").write("yes")
    raise SystemExit(3)
`,
    'p.pipeline.yaml': pipeline([['alone', 'alone']]),
  });
  const { code, results } = runJson(root);
  assert.equal(code, 0, JSON.stringify(results));
  assert.equal(results.alone.loaded_as, 'standalone');
  assert.equal(readFileSync(join(root, 'out/alone/r.txt'), 'utf8'), 'script_module 7');
  assert.ok(!existsSync(join(root, 'MAIN_BLOCK_RAN')));
});

const failing = {
  'pyproject.toml': '[project]\nname = "x"\n',
  'scripts/at_import.py': 'import os\n\nraise RuntimeError("configuration missing at import")\n\ndef main(input_paths, output_paths, environ_vars, job_args):\n    pass\n',
  'scripts/syntax.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    return (\n',
  'scripts/noisy.py': `import json, sys

def parse(text):
    return json.loads(text)

def main(input_paths, output_paths, environ_vars, job_args):
    for i in range(30):
        print("progress line %d" % i)
    print("about to parse", file=sys.stderr)
    parse("{not json")
`,
};

test('tracebacks hold the user\'s frames only: no harness or importlib frames, a syntax error points at its line', () => {
  const root = workspace({ ...failing, 'p.pipeline.yaml': pipeline([['at_import', 'at_import'], ['syntax', 'syntax'], ['noisy', 'noisy']]) });
  const { code, results } = runJson(root);
  assert.equal(code, 1);
  const files = (r: Result) => r.traceback.map((f) => f.file);
  assert.deepEqual(files(results.at_import), [join(root, 'scripts/at_import.py')]);
  assert.equal(results.at_import.traceback[0].line, 3);
  assert.equal(results.syntax.traceback.at(-1)?.file, join(root, 'scripts/syntax.py'));
  assert.match(results.syntax.error_message ?? '', /SyntaxError/);
  const all = Object.values(results).flatMap(files);
  assert.ok(all.every((f) => !/cursus_harness|cursus_lsp_support|importlib|<frozen/.test(f)), all.join('\n'));
  assert.equal(files(results.noisy)[0], join(root, 'scripts/noisy.py'), 'the user frames come first, library frames after');
  assert.ok(files(results.noisy).some((f) => f.includes('json')), 'library frames stay in the JSON report');
});

test('text output: a failing step shows its traceback (library frames only with --verbose) and its last output lines; --verbose streams output by node', () => {
  const root = workspace({ ...failing, 'p.pipeline.yaml': pipeline([['noisy', 'noisy']]) });
  const plainRun = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--no-cache'], root);
  assert.equal(plainRun.code, 1);
  const out = plainRun.stdout;
  assert.match(out, /▶ noisy/);
  assert.match(out, /✖ noisy \(noisy\) failed after \d+\.\d\ds: JSONDecodeError/);
  assert.match(out, /scripts\/noisy\.py:10 in main/);
  assert.match(out, /scripts\/noisy\.py:4 in parse/);
  assert.doesNotMatch(out, /json\/decoder\.py/, 'library frames are hidden by default');
  assert.match(out, /library frame\(s\) hidden, --verbose shows them/);
  assert.match(out, /Last 12 line\(s\) of stdout \(of 30\):\n(\s+│ progress line \d+\n){11}\s+│ progress line 29/);
  assert.match(out, /Last 1 line\(s\) of stderr:\n\s+│ about to parse/);
  assert.ok(!out.includes('\u001b['), 'no colour when not a terminal');

  const verbose = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--no-cache', '--verbose'], root).stdout;
  assert.match(verbose, /\[noisy\] progress line 0\n/);
  assert.match(verbose, /\[noisy\] progress line 29\n/);
  assert.match(verbose, /\[noisy\] ! about to parse/);
  assert.match(verbose, /json\/decoder\.py:\d+ in/, 'every frame with --verbose');
  assert.doesNotMatch(verbose, /Last \d+ line/, 'the output was streamed already');
});

test('colour follows FORCE_COLOR and NO_COLOR; with --out the report goes to the file and the progress to stderr', () => {
  const root = workspace({ ...failing, 'p.pipeline.yaml': pipeline([['noisy', 'noisy']]) });
  const colour = runCli(['run', 'p.pipeline.yaml', '--python', 'python3'], root, { NO_COLOR: '', FORCE_COLOR: '1' });
  assert.ok(colour.stdout.includes('\u001b[31m✖ noisy\u001b[0m'), colour.stdout);
  const noColour = runCli(['run', 'p.pipeline.yaml', '--python', 'python3'], root, { NO_COLOR: '1', FORCE_COLOR: '1' });
  assert.ok(!noColour.stdout.includes('\u001b['));
  const toFile = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--format', 'json', '--out', 'r.json'], root);
  assert.equal(toFile.code, 1);
  assert.equal(toFile.stdout, '');
  assert.match(toFile.stderr, /▶ noisy\n✖ noisy/);
  assert.match(toFile.stderr, /wrote r\.json \(failed\)/);
  assert.equal((JSON.parse(readFileSync(join(root, 'r.json'), 'utf8')) as { pipeline_success: boolean }).pipeline_success, false);
  const textFile = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--out', 'r.txt'], root);
  assert.match(readFileSync(join(root, 'r.txt'), 'utf8'), /✖ noisy \(noisy\) failed[^\n]*\n\s+Traceback/, 'a text report written to a file lists the nodes');
  assert.match(textFile.stderr, /▶ noisy/);
});

test('--node or --edge naming nothing is a usage error (exit 2) with did-you-mean, and nothing runs', () => {
  const root = workspace({ ...failing, 'p.pipeline.yaml': `dag:\n  nodes: [noisy, at_import]\n  edges: [[noisy, at_import]]\nscript_specs:\n${node('noisy', 'noisy')}${node('at_import', 'at_import')}` });
  const n = runCli(['run', 'p.pipeline.yaml', '--node', 'noisey'], root);
  assert.equal(n.code, 2);
  assert.match(n.stderr, /No node 'noisey' with a script spec in this file\. Did you mean 'noisy'\?/);
  const e = runCli(['run', 'p.pipeline.yaml', '--edge', 'noisy->at_imprt'], root);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /No edge noisy -> at_imprt in this file\. No node 'at_imprt'\. Did you mean 'at_import'\?/);
  const reversed = runCli(['run', 'p.pipeline.yaml', '--edge', 'at_import->noisy'], root);
  assert.equal(reversed.code, 2);
  assert.match(reversed.stderr, /No edge at_import -> noisy in this file\. Did you mean 'noisy->at_import'\?/);
  assert.ok(!existsSync(join(root, 'out')), 'nothing ran');
});
