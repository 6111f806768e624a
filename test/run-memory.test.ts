/**
 * What a fully cached `run` keeps between commands besides its results: the CLI's compiled code (V8's code cache)
 * and the scripts' static readings. Either may only make a command faster: a damaged, stale or foreign cache is
 * ignored, nothing is written with --no-cache, and results equal those of a command that kept nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCli } from '../server/src/cli/code-cache.js';
import { readScript } from '../server/src/engine/python/scripts.js';
import { SCRIPT_READINGS_FILE, ScriptReadings } from '../server/src/workspace/script-readings.js';
import { runCli, TWO_STEP_PIPELINE, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';
import { spawnSync } from 'node:child_process';
import { pipelineSpec } from '../bench/generate.js';
import { executionProject } from '../bench/execution.js';
import { CHUNKED_FROM } from '../server/src/engine/index.js';
import { tempDir } from './helpers/temp.js';
import { runKey } from '../server/src/runner/cache.js';
import type { PlannedNode } from '../server/src/runner/plan.js';

const bundle = join(repoRoot, 'dist/server/src/bundle/cursus-lint.cjs');

/** A bundle of its own (a copy), so that changing it leaves the real one alone. */
function bundleCopy(): string {
  const dir = tempDir('cursus-bundle-');
  // Same depth below a package root as the real one, for the paths the bundle resolves from itself.
  const at = join(dir, 'dist/server/src/bundle');
  mkdirSync(at, { recursive: true });
  copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
  copyFileSync(bundle, join(at, 'cursus-lint.cjs'));
  return join(at, 'cursus-lint.cjs');
}

const silent = { cwd: '/', stdout: () => undefined, stderr: () => undefined, readStdin: async () => '' };

test('the code cache is written into an existing .cursus-runs/ after a command, used by the next, and ignored when damaged or made from another bundle', async () => {
  const own = bundleCopy();
  const root = tempDir('cursus-code-cache-');
  const argv = ['explain', 'C200'];
  // No .cursus-runs/: compiled, nothing written anywhere.
  const none = loadCli(own, argv, root);
  assert.equal(none.cache, 'compiled');
  none.save(await none.main(argv, silent));
  assert.deepEqual(readdirSync(root), []);

  mkdirSync(join(root, '.cursus-runs'));
  const first = loadCli(own, argv, root);
  assert.equal(first.cache, 'compiled');
  const out: string[] = [];
  first.save(await first.main(argv, { ...silent, stdout: (s: string) => out.push(s) }));
  const file = join(root, '.cursus-runs/code-cache-explain.v8');
  assert.ok(existsSync(file), 'written after the command');
  const written = statSync(file).mtimeMs;

  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "cached"\n');
  const second = loadCli(own, argv, join(root, '.cursus-runs'));
  assert.equal(second.cache, 'used', 'found from a folder below the project root too');
  const again: string[] = [];
  second.save(await second.main(argv, { ...silent, stdout: (s: string) => again.push(s) }));
  assert.deepEqual(again, out, 'the same output from cached code');
  assert.equal(statSync(file).mtimeMs, written, 'a cache that was used is not written again');

  // A flipped byte in the bytecode: its checksum fails, it is compiled afresh and the cache replaced.
  const bytes = readFileSync(file);
  bytes[bytes.length - 100] ^= 0xff;
  writeFileSync(file, bytes);
  const damaged = loadCli(own, argv, root);
  assert.equal(damaged.cache, 'compiled');
  damaged.save(await damaged.main(argv, silent));
  assert.equal(loadCli(own, argv, root).cache, 'used', 'replaced by a good one');

  // A truncated file, and one made from another bundle (the bundle rebuilt): compiled from source.
  writeFileSync(file, bytes.subarray(0, 50));
  assert.equal(loadCli(own, argv, root).cache, 'compiled');
  writeFileSync(file, bytes);
  appendFileSync(own, '\n// rebuilt\n');
  const rebuilt = loadCli(own, argv, root);
  assert.equal(rebuilt.cache, 'compiled');
  assert.deepEqual(await (async () => {
    const o: string[] = [];
    await rebuilt.main(argv, { ...silent, stdout: (s: string) => o.push(s) });
    return o;
  })(), out);
});

test("the code cache is looked for up to the project's root only: another project's .cursus-runs/ around this one is neither read nor written", async () => {
  const own = bundleCopy();
  const argv = ['explain', 'C200'];
  // An outer project with a usable cache, and a project inside it.
  const outer = tempDir('cursus-code-cache-outer-');
  writeFileSync(join(outer, 'pyproject.toml'), '[project]\nname = "outer"\n');
  mkdirSync(join(outer, '.cursus-runs'));
  const warm = loadCli(own, argv, outer);
  warm.save(await warm.main(argv, silent));
  const outerFile = join(outer, '.cursus-runs/code-cache-explain.v8');
  assert.equal(loadCli(own, argv, outer).cache, 'used', 'the outer project uses its own cache');
  const outerBytes = readFileSync(outerFile);
  const inner = join(outer, 'inner');
  mkdirSync(join(inner, 'scripts'), { recursive: true });
  writeFileSync(join(inner, '.cursus-lsp.yaml'), 'timeout: 60\n');
  for (const cwd of [inner, join(inner, 'scripts')]) {
    const cli = loadCli(own, argv, cwd);
    assert.equal(cli.cache, 'compiled', `${cwd}: the outer project's cache is not read`);
    cli.save(await cli.main(argv, silent));
  }
  assert.deepEqual(readFileSync(outerFile), outerBytes, "the outer project's cache is not written");
  assert.deepEqual(readdirSync(join(outer, '.cursus-runs')), ['code-cache-explain.v8'], 'nothing else written there');
  assert.deepEqual(readdirSync(inner).sort(), ['.cursus-lsp.yaml', 'scripts'], 'no .cursus-runs/ made in the inner project');
  // Once the inner project has its own .cursus-runs/ (a first `run` makes it), it gets its own cache.
  mkdirSync(join(inner, '.cursus-runs'));
  const own1 = loadCli(own, argv, join(inner, 'scripts'));
  own1.save(await own1.main(argv, silent));
  assert.ok(existsSync(join(inner, '.cursus-runs/code-cache-explain.v8')));
  assert.equal(loadCli(own, argv, join(inner, 'scripts')).cache, 'used');

  // No project marker anywhere: the working folder alone is the project, the folder above it is not searched.
  const bare = tempDir('cursus-code-cache-bare-');
  mkdirSync(join(bare, '.cursus-runs'));
  mkdirSync(join(bare, 'sub'));
  const top = loadCli(own, argv, bare);
  top.save(await top.main(argv, silent));
  assert.equal(loadCli(own, argv, bare).cache, 'used');
  const below = loadCli(own, argv, join(bare, 'sub'));
  assert.equal(below.cache, 'compiled', 'a folder without a project marker does not reach the cache above it');
  below.save(await below.main(argv, silent));
  assert.deepEqual(readdirSync(join(bare, 'sub')), []);

  // The command as users run it, from inside the inner project: the outer cache stays as it was.
  // (The outer cache made stale, so that a command that reached it would write a new one over it.)
  writeFileSync(outerFile, 'stale\n');
  rmSync(join(inner, '.cursus-runs'), { recursive: true });
  const r = runCli(['explain', 'C200'], join(inner, 'scripts'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(outerFile, 'utf8'), 'stale\n');
  assert.deepEqual(readdirSync(join(outer, '.cursus-runs')), ['code-cache-explain.v8']);
});

test('the code cache is never a reason to fail, and is off with --no-cache, CURSUS_LINT_CODE_CACHE=off or a usage error', async () => {
  const own = bundleCopy();
  const root = tempDir('cursus-code-cache-');
  mkdirSync(join(root, '.cursus-runs'));
  // Where the file should go is a folder: the write fails quietly.
  mkdirSync(join(root, '.cursus-runs/code-cache-check.v8'));
  const blocked = loadCli(own, ['check', 'nothing-here.yaml'], root);
  blocked.save(0);
  assert.deepEqual(readdirSync(join(root, '.cursus-runs')), ['code-cache-check.v8'], 'no temporary file left behind');

  for (const [argv, env] of [
    [['run', 'p.yaml', '--no-cache'], {}],
    [['explain', 'C200'], { CURSUS_LINT_CODE_CACHE: 'off' }],
  ] as const) {
    const cli = loadCli(own, [...argv], root, env);
    assert.equal(cli.cache, 'off');
    cli.save(0);
  }
  const usage = loadCli(own, ['graph'], root);
  usage.save(await usage.main(['graph'], silent));
  assert.deepEqual(readdirSync(join(root, '.cursus-runs')), ['code-cache-check.v8'], 'nothing written');
});

const STEP = `import os
def main(input_paths, output_paths, environ_vars, job_args):
    with open(os.path.join(output_paths["data"], "part.txt"), "w") as f:
        f.write(environ_vars.get("WORD", "x"))
`;

function project(): string {
  return workspace({
    'pyproject.toml': '[project]\nname = "m"\n',
    'data/raw/seed.txt': 'seed',
    'scripts/one.py': STEP,
    'scripts/two.py': STEP.replace('import os', 'import os, json'),
    'p.pipeline.yaml': TWO_STEP_PIPELINE,
  });
}

const run = (root: string, ...args: string[]) => {
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', ...args], root);
  const report = JSON.parse(r.stdout || '{}') as { stats: { executed: number; cached: number }; script_results: Record<string, { status: string; cached: boolean; error_message: string | null }> };
  return { code: r.code, report, stderr: r.stderr };
};

/** The parts of a report that do not depend on timing. */
const stable = (report: { script_results: Record<string, { status: string; error_message: string | null }> }) => Object.entries(report.script_results).map(([n, r]) => [n, r.status, r.error_message]);

test('a fully cached run keeps its code, its results and the scripts readings, writes nothing, and says the same as a run that kept nothing', () => {
  const root = project();
  const first = run(root);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.report.stats.executed, 2);
  const kept = ['cache.json', 'code-cache-run.v8', SCRIPT_READINGS_FILE.split('/').pop()!];
  for (const f of kept) assert.ok(existsSync(join(root, '.cursus-runs', f)), `${f} kept`);
  const stamps = () => kept.map((f) => statSync(join(root, '.cursus-runs', f)).mtimeMs);
  const before = stamps();
  const cached = run(root);
  assert.equal(cached.code, 0, cached.stderr);
  assert.deepEqual(cached.report.stats, { ...cached.report.stats, executed: 0, cached: 2 });
  assert.deepEqual(stamps(), before, 'nothing rewritten by a fully cached run');
  const cold = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3'], root, { CURSUS_LINT_CODE_CACHE: 'off' });
  assert.deepEqual(stable(JSON.parse(cold.stdout)), stable(cached.report));
});

test('a cached run sees an edited script: a new import it cannot satisfy is refused (X604), the old text runs from the cache again', () => {
  const root = project();
  assert.equal(run(root).code, 0);
  writeFileSync(join(root, 'scripts/two.py'), STEP.replace('import os', 'import os, cursus_no_such_module_xyz'));
  const refused = run(root);
  assert.equal(refused.report.script_results.one.cached, true);
  assert.equal(refused.report.script_results.two.status, 'refused');
  assert.match(refused.report.script_results.two.error_message ?? '', /cursus_no_such_module_xyz.*X604/);
  writeFileSync(join(root, 'scripts/two.py'), STEP.replace('import os', 'import os, json'));
  const back = run(root);
  assert.deepEqual(back.report.stats, { ...back.report.stats, executed: 0, cached: 2 });
});

test('a cached run re-runs what an edit touches: the spec, an input file, and only the steps downstream of it', () => {
  const root = project();
  assert.equal(run(root).code, 0);
  writeFileSync(join(root, 'p.pipeline.yaml'), readFileSync(join(root, 'p.pipeline.yaml'), 'utf8').replace('output_paths: {data: out/two}}', 'output_paths: {data: out/two}, environ_vars: {WORD: y}}'));
  const spec = run(root);
  assert.deepEqual(Object.entries(spec.report.script_results).filter(([, r]) => !r.cached).map(([n]) => n), ['two']);
  assert.equal(readFileSync(join(root, 'out/two/part.txt'), 'utf8'), 'y');
  writeFileSync(join(root, 'data/raw/seed.txt'), 'another seed');
  const input = run(root);
  assert.deepEqual(Object.entries(input.report.script_results).filter(([, r]) => !r.cached).map(([n]) => n), ['one', 'two']);
});

test('a cached run re-runs every step for another interpreter environment: a distribution installed, PYTHONPATH changed', () => {
  const root = project();
  const site = join(root, 'site');
  mkdirSync(site);
  const inSite = (...args: string[]) => {
    const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', ...args], root, { PYTHONPATH: site });
    return (JSON.parse(r.stdout) as { stats: { executed: number; cached: number } }).stats;
  };
  assert.equal(inSite().executed, 2);
  assert.equal(inSite().cached, 2);
  // What `pip install` leaves behind: a distribution's metadata on sys.path.
  mkdirSync(join(site, 'cursus_fake_dist-1.0.dist-info'));
  writeFileSync(join(site, 'cursus_fake_dist-1.0.dist-info/METADATA'), 'Metadata-Version: 2.1\nName: cursus-fake-dist\nVersion: 1.0\n');
  assert.equal(inSite().executed, 2, 'installed: re-run');
  assert.equal(inSite().cached, 2);
  assert.equal(run(root).report.stats.executed, 2, 'without PYTHONPATH: re-run');
});

test('remembered script readings equal fresh ones for every script in the repository, and belong to one build', () => {
  const scripts: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.py')) scripts.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(join(repoRoot, 'test'));
  walk(join(repoRoot, 'examples'));
  assert.ok(scripts.length > 50, `${scripts.length} scripts`);
  const root = tempDir('cursus-readings-');
  mkdirSync(join(root, '.cursus-runs'));
  const first = new ScriptReadings(root, 'if-present', 'build-a');
  for (const text of scripts) first.read(text);
  first.save();
  const kept = new ScriptReadings(root, 'if-present', 'build-a');
  for (const text of scripts) assert.equal(JSON.stringify(kept.read(text)), JSON.stringify(readScript(text)));

  // A reading of another build is not used: a planted one is returned by its own build only.
  const text = scripts.find((t) => !readScript(t).hasParser)!;
  new ScriptReadings(root, 'if-present', 'build-a').read(text);
  const file = join(root, SCRIPT_READINGS_FILE);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { build: string; readings: [string, { hasParser: boolean }][] };
  const key = data.readings.find(([, info]) => JSON.stringify(info) === JSON.stringify(readScript(text)))![0];
  data.readings = data.readings.map(([k, info]) => [k, k === key ? { ...info, hasParser: true } : info]);
  writeFileSync(file, JSON.stringify(data));
  assert.equal(new ScriptReadings(root, 'if-present', 'build-a').read(text).hasParser, true, 'the planted reading is used by its build');
  assert.equal(new ScriptReadings(root, 'if-present', 'build-b').read(text).hasParser, false, 'and not by another');
});

test("a command that checked a file of 1 MiB or more (and so set V8's collection flags) leaves a code cache the next command uses", () => {
  const root = workspace({ 'pyproject.toml': '[project]\nname = "big"\n' });
  mkdirSync(join(root, '.cursus-runs'));
  const big = join(root, 'big.pipeline.yaml');
  writeFileSync(big, pipelineSpec(2600));
  assert.ok(statSync(big).size >= CHUNKED_FROM, 'the file takes the big-file path');
  const cli = (): void => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/cursus-lint.cjs'), 'check', 'big.pipeline.yaml', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'ignore', 'pipe'] });
    assert.ok(r.status !== null && r.status !== 2, `exit ${r.status}: ${r.stderr}`);
  };
  const file = join(root, '.cursus-runs/code-cache-check.v8');
  cli();
  assert.ok(existsSync(file), 'written after the first check');
  const first = readFileSync(file);
  // The file changed (as between two CI runs): checked again, with the code kept by the first command.
  appendFileSync(big, '# edited\n');
  cli();
  // V8 refuses a cache made under other flags; a refused cache is compiled afresh and written again.
  assert.deepEqual(readFileSync(file), first, 'the second command used the first one\'s cache (it was not written again)');
});

test('a kept result is reused only while its outputs are the files its run wrote: an output edited, removed or added runs that step again', () => {
  const root = project();
  assert.equal(run(root).report.stats.executed, 2);
  const ran = (r: ReturnType<typeof run>) => Object.entries(r.report.script_results).filter(([, x]) => !x.cached).map(([n]) => n);
  writeFileSync(join(root, 'out/one/part.txt'), 'edited by hand');
  const edited = run(root);
  assert.deepEqual(ran(edited), ['one'], 'the step whose output was edited runs again; its downstream gets the same input as before');
  assert.equal(readFileSync(join(root, 'out/one/part.txt'), 'utf8'), 'x', 'and its output is written anew');
  rmSync(join(root, 'out/two/part.txt'));
  assert.deepEqual(ran(run(root)), ['two'], 'an output removed');
  assert.ok(existsSync(join(root, 'out/two/part.txt')));
  writeFileSync(join(root, 'out/one/stray.csv'), 'a,b\n');
  assert.deepEqual(ran(run(root)), ['one'], 'a file added to an output');
  assert.deepEqual(ran(run(root)), [], 'then all reused');
});

test("a step that reads an upstream step's output as input data of its own (no matched name) leaves that step's result reusable", () => {
  // The bench's pipeline: `join` takes out/b2 as `data_b`, which no output name matches, so it is input data
  // there, made read-only while `join` runs (its files' change time moves, their content does not).
  const { root } = executionProject(0);
  const once = (): { executed: number; cached: number } => (JSON.parse(runCli(['run', 'p.pipeline.yaml', '--format', 'json'], root).stdout) as { stats: { executed: number; cached: number } }).stats;
  assert.equal(once().executed, 6);
  const again = once();
  assert.deepEqual([again.executed, again.cached], [0, 6]);
});

test("a run's key changes with how main is called (a contract or a step interface) and with the interpreter", () => {
  const root = project();
  const node = { name: 'one', script: join(root, 'scripts/one.py'), inputs: { data: join(root, 'data/raw') }, outputs: { data: join(root, 'out/one') }, environ: {}, jobArgs: {}, feeds: [], convention: 'runtime-testing' } as unknown as PlannedNode;
  const key = runKey(node, {}, 'python a');
  assert.equal(runKey({ ...node }, {}, 'python a'), key);
  assert.notEqual(runKey({ ...node, convention: 'cursus-2.9' }, {}, 'python a'), key, 'the convention');
  assert.notEqual(runKey(node, {}, 'python b'), key, 'the interpreter');
});

test('a fully cached run runs its steps again when a file of the harness that calls them changed (another version of this tool)', () => {
  // A copy of the installed package (bin, bundles, the harness's Python files), so that its harness can change.
  const pkg = tempDir('cursus-package-');
  const copy = (rel: string) => {
    mkdirSync(join(pkg, rel, '..'), { recursive: true });
    copyFileSync(join(repoRoot, rel), join(pkg, rel));
  };
  for (const rel of ['package.json', 'bin/cursus-lint.cjs', 'dist/server/src/bundle/cursus-lint.cjs', 'dist/server/src/bundle/load-cli.cjs']) copy(rel);
  for (const name of readdirSync(join(repoRoot, 'server/python')).filter((n) => n.endsWith('.py'))) copy(`server/python/${name}`);
  const root = project();
  const stats = () => {
    const r = spawnSync(process.execPath, [join(pkg, 'bin/cursus-lint.cjs'), 'run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const { executed, cached } = (JSON.parse(r.stdout) as { stats: { executed: number; cached: number } }).stats;
    return [executed, cached];
  };
  assert.deepEqual(stats(), [2, 0]);
  assert.deepEqual(stats(), [0, 2]);
  // cursus_contain.py is a module the harness imports, not its entry script.
  appendFileSync(join(pkg, 'server/python/cursus_contain.py'), '\n# another version\n');
  assert.deepEqual(stats(), [2, 0], 'a harness module changed');
  assert.deepEqual(stats(), [0, 2]);
});

test("data given by a `run: false` step is part of the key of the step that reads it: changed data runs that step again", () => {
  const root = project();
  writeFileSync(
    join(root, 'p.pipeline.yaml'),
    [
      'dag:',
      '  nodes: [given, one, two]',
      '  edges:',
      '    - [given, one]',
      '    - [one, two]',
      'script_specs:',
      '  given: {script_name: given, step_name: given, run: false, output_paths: {data: data/raw}}',
      '  one: {script_name: one, step_name: one, input_paths: {data: data/raw}, output_paths: {data: out/one}}',
      '  two: {script_name: two, step_name: two, input_paths: {data: out/one}, output_paths: {data: out/two}}',
      '',
    ].join('\n'),
  );
  const first = run(root);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual([first.report.stats.executed, first.report.stats.cached], [2, 0]);
  const again = run(root);
  assert.deepEqual([again.report.stats.executed, again.report.stats.cached], [0, 2], 'unchanged data: both reused');
  writeFileSync(join(root, 'data/raw/seed.txt'), 'other data, given by hand');
  const changed = run(root);
  assert.deepEqual(
    // `given` is never run (reported as data provided, never cached): only the two steps count.
    Object.entries(changed.report.script_results).filter(([n, r]) => n !== 'given' && !r.cached).map(([n]) => n),
    ['one', 'two'],
    'the data of the run: false step changed: the step reading it and the one after run again',
  );
});

test("a helper module the script imports from the project, edited since, runs that step again (and the steps after it)", () => {
  const root = project();
  mkdirSync(join(root, 'scripts/helpers'), { recursive: true });
  writeFileSync(join(root, 'scripts/helpers/__init__.py'), '');
  writeFileSync(join(root, 'scripts/helpers/words.py'), 'WORD = "first"\n');
  writeFileSync(join(root, 'scripts/util.py'), 'from helpers.words import WORD\n');
  writeFileSync(
    join(root, 'scripts/one.py'),
    STEP.replace('import os', 'import os\nimport util').replace('environ_vars.get("WORD", "x")', 'util.WORD'),
  );
  const first = run(root);
  assert.equal(first.code, 0, first.stderr + JSON.stringify(first.report));
  assert.equal(readFileSync(join(root, 'out/one/part.txt'), 'utf8'), 'first');
  assert.deepEqual([run(root).report.stats.executed, run(root).report.stats.cached], [0, 2], 'nothing changed: reused');
  // An edit two imports deep (one.py -> util.py -> helpers/words.py).
  writeFileSync(join(root, 'scripts/helpers/words.py'), 'WORD = "second"\n');
  const edited = run(root);
  assert.deepEqual(Object.entries(edited.report.script_results).filter(([, r]) => !r.cached).map(([n]) => n), ['one', 'two'], 'the edited helper runs the step that imports it and the one after');
  assert.equal(readFileSync(join(root, 'out/one/part.txt'), 'utf8'), 'second');
  assert.deepEqual([run(root).report.stats.executed, run(root).report.stats.cached], [0, 2], 'reused again once run with the new helper');
});

test('a helper module that is a symbolic link, pointed at another file since, runs the step that imports it again', () => {
  const root = project();
  writeFileSync(join(root, 'scripts/words_a.py'), 'WORD = "first"\n');
  writeFileSync(join(root, 'scripts/words_b.py'), 'WORD = "other"\n');
  symlinkSync('words_a.py', join(root, 'scripts/util.py'));
  writeFileSync(join(root, 'scripts/one.py'), STEP.replace('import os', 'import os\nimport util').replace('environ_vars.get("WORD", "x")', 'util.WORD'));
  const first = run(root);
  assert.equal(first.code, 0, first.stderr + JSON.stringify(first.report));
  assert.equal(readFileSync(join(root, 'out/one/part.txt'), 'utf8'), 'first');
  assert.equal(run(root).report.stats.executed, 0, 'nothing changed: reused');
  // Neither file changed: the link now leads to the other one.
  rmSync(join(root, 'scripts/util.py'));
  symlinkSync('words_b.py', join(root, 'scripts/util.py'));
  const relinked = run(root);
  assert.deepEqual(Object.entries(relinked.report.script_results).filter(([, r]) => !r.cached).map(([n]) => n), ['one', 'two'], 'the step importing the link and the one after run again');
  assert.equal(readFileSync(join(root, 'out/one/part.txt'), 'utf8'), 'other');
});
