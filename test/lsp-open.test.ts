/**
 * The server's start-up: the interpreter is asked (its facts, the scripts' syntax verdicts) while the project is
 * read, and a spec opened meanwhile gets complete findings the first time, the same as `cursus-lint check`; a
 * contract changed during the warm-up is seen; an untrusted workspace's interpreter is never started.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type PublishedDiagnostics } from './helpers/lsp.js';
import { runCli, workspace } from './helpers/cli.js';

const MAIN = 'def main(input_paths, output_paths, environ_vars, job_args):\n';

/** Scripts whose findings need the interpreter: @lezer/python misjudges two of them, one imports a missing module. */
function scriptsProject(extra: Record<string, string> = {}): string {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "p"\n',
    // A parenthesised multi-item `with` (3.10+): the tree parser reports a syntax error, CPython accepts it.
    'scripts/multi_with.py': `${MAIN}    with (\n        open(input_paths["a"]) as f,\n        open(output_paths["b"], "w") as g,\n    ):\n        g.write(f.read())\n`,
    // A coding cookie CPython refuses: the tree parser sees nothing wrong.
    'scripts/bad_coding.py': `# -*- coding: no-such-codec -*-\n${MAIN}    pass\n`,
    // X604 needs the interpreter's module list.
    'scripts/needs_module.py': `import no_such_module_xyz\n\n${MAIN}    return no_such_module_xyz.run()\n`,
    ...extra,
  });
  mkdirSync(join(root, 'specs'));
  for (const n of ['multi_with', 'bad_coding', 'needs_module']) writeFileSync(join(root, `specs/${n}.spec.yaml`), `script_name: ${n}\nstep_name: ${n}\n`);
  return root;
}

type Finding = [code: string, line: number, column: number];
const lspFindings = (p: PublishedDiagnostics): Finding[] => p.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1] as Finding).sort();

test('specs opened while the server starts: no first finding that cursus-lint check would not give, and the interpreter\'s findings follow unasked, ending the same as the CLI\'s', async () => {
  const root = scriptsProject();
  const cli = JSON.parse(runCli(['check', '--format', 'json', 'specs'], root).stdout) as { file: string; diagnostics: { code: string; line: number; column: number }[] }[];
  const expected = new Map(cli.map((f) => [f.file, f.diagnostics.map((d) => [d.code, d.line, d.column] as Finding).sort()]));
  assert.deepEqual([...expected.values()].map((f) => f.map((x) => x[0])), [['X603'], ['X602', 'X602'], ['X604']], 'the CLI finds what the interpreter says');
  const client = new LspClient(root);
  try {
    // As VS Code does: the specs are opened right after `initialized`, while the server is still reading the project.
    await client.initialize(root);
    const names = ['bad_coding', 'multi_with', 'needs_module'];
    for (const n of names) await client.open(pathToFileURL(join(root, `specs/${n}.spec.yaml`)).href, `script_name: ${n}\nstep_name: ${n}\n`);
    for (const n of names) {
      const uri = pathToFileURL(join(root, `specs/${n}.spec.yaml`)).href;
      const want = expected.get(`specs/${n}.spec.yaml`)!;
      // The first check does not wait for the interpreter: its findings may lack X602-X604 (the CPython verdict
      // decides whether the script rules speak), never hold one the CLI would not give.
      const first = lspFindings(await client.diagnostics(uri));
      assert.deepEqual(first.filter((f) => !want.some((w) => w.join() === f.join())), [], `the first findings of ${n}.spec.yaml`);
      // Nothing is done meanwhile: the answers' arrival publishes the rest (when the first findings lacked any:
      // findings the answers leave as they were are not published again).
      if (JSON.stringify(first) !== JSON.stringify(want)) await client.diagnostics(uri, (p) => JSON.stringify(lspFindings(p)) === JSON.stringify(want));
    }
  } finally {
    await client.shutdown();
  }
});

test('a contract changed on disk while the server reads the project is seen, with and without file events', async () => {
  for (const events of [true, false]) {
    const contracts: Record<string, string> = {};
    // Enough contracts that the warm-up is still reading when the edit lands.
    for (let i = 0; i < 300; i++) contracts[`contracts/step_${i}_contract.py`] = `from base import ScriptContract\n\nSTEP_${i}_CONTRACT = ScriptContract(\n    entry_point="step_${i}.py",\n    expected_input_paths={"data": "/opt/ml/processing/input/data"},\n)\n`;
    const root = workspace({
      'pyproject.toml': '[project]\nname = "p"\n',
      ...contracts,
      'contracts/train_contract.py': 'from base import ScriptContract\n\nTRAIN_CONTRACT = ScriptContract(\n    entry_point="train.py",\n    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},\n)\n',
      'scripts/train.py': `${MAIN}    return input_paths\n`,
      'data/in/x.csv': 'a\n1\n',
    });
    const uri = pathToFileURL(join(root, 'train.spec.yaml')).href;
    const client = new LspClient(root);
    try {
      await client.initialize(root, events ? { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } : {});
      const edited = join(root, 'contracts/train_contract.py');
      writeFileSync(edited, 'from base import ScriptContract\n\nTRAIN_CONTRACT = ScriptContract(\n    entry_point="train.py",\n    expected_input_paths={"features": "/opt/ml/processing/input/features"},\n)\n');
      if (events) await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(edited).href, type: 2 }] });
      await client.open(uri, 'script_name: train\nstep_name: training\ninput_paths:\n  features: data/in\n');
      // The contract now declares `features`: no C202 (unknown input) and no C203 (missing input) once it is seen.
      const settled = await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
      assert.deepEqual(settled.diagnostics, [], events ? 'with file events' : 'without file events');
    } finally {
      await client.shutdown();
    }
  }
});

test('in Restricted Mode the workspace\'s own interpreter is never started, not even for syntax verdicts', async () => {
  const marker = (root: string) => join(root, 'interpreter-was-started');
  const project = () => {
    const root = scriptsProject();
    // A .venv/bin/python that leaves a mark, then behaves as python3.
    mkdirSync(join(root, '.venv/bin'), { recursive: true });
    writeFileSync(join(root, '.venv/bin/python'), `#!/bin/sh\ntouch "${marker(root)}"\nexec python3 "$@"\n`);
    chmodSync(join(root, '.venv/bin/python'), 0o755);
    return root;
  };
  for (const trusted of [true, false]) {
    const root = project();
    const client = new LspClient(root);
    try {
      await client.initialize(root, {}, process.pid, { trusted });
      const uri = pathToFileURL(join(root, 'specs/bad_coding.spec.yaml')).href;
      await client.open(uri, 'script_name: bad_coding\nstep_name: bad_coding\n');
      if (trusted) {
        // The venv's interpreter judged the script (the tree parser alone sees no error in it).
        const judged = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'X603'));
        assert.ok(existsSync(marker(root)), 'a trusted workspace uses its .venv interpreter');
        assert.deepEqual(judged.diagnostics.map((d) => d.code), ['X603']);
      } else {
        await client.diagnostics(uri);
        await new Promise((r) => setTimeout(r, 500));
        assert.ok(!existsSync(marker(root)), 'Restricted Mode started the workspace interpreter');
      }
    } finally {
      await client.shutdown();
    }
  }
});

test('the memory a stretch of typing grew is given back once the server is idle', async () => {
  const root = workspace({ 'pyproject.toml': '[project]\nname = "p"\n' });
  // A 1,000-node pipeline (about 450 KB): each keystroke's analysis leaves garbage V8 would otherwise keep.
  const lines = ['dag:', '  nodes:', ...Array.from({ length: 1000 }, (_, i) => `    - Step${i}`), '  edges:', ...Array.from({ length: 999 }, (_, i) => `    - [Step${i}, Step${i + 1}]`), 'script_specs:'];
  for (let i = 0; i < 1000; i++) lines.push(`  Step${i}:`, `    script_name: step_${i}`, `    step_name: Step${i}`, '    input_paths:', `      data: runtime/step_${i}/in`, '    output_paths:', `      data: runtime/step_${i + 1}/in`, '    environ_vars:', '      LABEL_FIELD: label');
  const text = `${lines.join('\n')}\n`;
  const uri = pathToFileURL(join(root, 'big.pipeline.yaml')).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    await client.open(uri, text);
    await client.diagnostics(uri);
    const opened = client.rssKiB() ?? 0;
    const at = text.split('\n').indexOf('      LABEL_FIELD: label', lines.length / 2);
    // Typing at a typist's pace, then a last character waited for: everything typed has been analysed.
    const typed = 200;
    for (let i = 0; i < typed; i++) {
      const position = { line: at, character: 24 + i };
      await client.change(uri, i + 2, [{ range: { start: position, end: position }, text: 'x' }]);
      if (i === typed - 1) await client.diagnostics(uri, (p) => p.version === i + 2, 60_000);
      else await new Promise((r) => setTimeout(r, 10));
    }
    const busy = client.rssKiB();
    assert.ok(busy !== undefined, 'the resident memory can be read');
    // Nothing happens now: within a few seconds the server gives back what the typing grew.
    let idle = busy;
    const deadline = Date.now() + 60_000;
    // What the typing left (about 10-50 MiB here) is given back; a server that keeps it gives back nothing. The
    // collections while typing may have kept it down already: then the memory is near what it was after the open
    // (within the 32 MiB of slack idle-gc.ts leaves alone; a server that kept the garbage grew by hundreds).
    const given = 6 * 1024;
    const near = opened + 32 * 1024;
    while (idle > busy - given && idle > near && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      idle = client.rssKiB() ?? busy;
    }
    assert.ok(idle <= busy - given || idle <= near, `resident memory after the open ${Math.round(opened / 1024)} MiB, after typing ${Math.round(busy / 1024)} MiB, idle ${Math.round(idle / 1024)} MiB`);
  } finally {
    await client.shutdown();
  }
});

test('without file events, a contract created or edited beside the others is seen (its folder is watched)', async () => {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "p"\n',
    'contracts/other_contract.py': 'from base import ScriptContract\n\nOTHER_CONTRACT = ScriptContract(\n    entry_point="other.py",\n    expected_input_paths={"data": "/opt/ml/processing/input/data"},\n)\n',
    'scripts/train.py': `${MAIN}    return input_paths\n`,
    'data/in/x.csv': 'a\n1\n',
  });
  const uri = pathToFileURL(join(root, 'train.spec.yaml')).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    await client.open(uri, 'script_name: train\nstep_name: training\ninput_paths:\n  features: data/in\n');
    const before = await client.diagnostics(uri);
    assert.ok(before.diagnostics.some((d) => d.code === 'C201'), `no contract for train.py yet: ${JSON.stringify(before.diagnostics.map((d) => d.code))}`);
    const contract = (name: string) => `from base import ScriptContract\n\nTRAIN_CONTRACT = ScriptContract(\n    entry_point="train.py",\n    expected_input_paths={"${name}": "/opt/ml/processing/input/data"},\n)\n`;
    writeFileSync(join(root, 'contracts/train_contract.py'), contract('DATA'));
    const created = await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'C201'));
    assert.ok(created.diagnostics.some((d) => d.code === 'C202'), 'the new contract is read: features is not one of its inputs');
    writeFileSync(join(root, 'contracts/train_contract.py'), contract('features'));
    const edited = await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(edited.diagnostics, []);
  } finally {
    await client.shutdown();
  }
});

test('an interpreter slow to answer: the first findings come without its answers, never with the parser\'s doubtful verdicts, and its verdicts and missing modules follow unasked', async () => {
  const root = scriptsProject();
  // The project's interpreter takes 5 s to start: longer than a first check waits for it.
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  writeFileSync(join(root, '.venv/bin/python'), '#!/bin/sh\nsleep 5\nexec python3 "$@"\n');
  chmodSync(join(root, '.venv/bin/python'), 0o755);
  const uri = (n: string) => pathToFileURL(join(root, `specs/${n}.spec.yaml`)).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    for (const n of ['multi_with', 'bad_coding', 'needs_module']) await client.open(uri(n), `script_name: ${n}\nstep_name: ${n}\n`);
    // The tree parser rejects multi_with.py, which CPython accepts: that doubtful error is not published.
    const first = await client.diagnostics(uri('multi_with'), () => true);
    assert.ok(!first.diagnostics.some((d) => d.code === 'X603'), JSON.stringify(first.diagnostics.map((d) => d.message)));
    // CPython's verdict on bad_coding.py (which the tree parser accepts) and the missing module arrive with the
    // interpreter, each in a publication after a first one without them.
    const firstOf = (n: string) => client.diagnostics(uri(n), () => true);
    assert.ok(!(await firstOf('bad_coding')).diagnostics.some((d) => d.code === 'X603'));
    assert.ok(!(await firstOf('needs_module')).diagnostics.some((d) => d.code === 'X604'));
    await client.diagnostics(uri('bad_coding'), (p) => p.diagnostics.some((d) => d.code === 'X603' && /unknown encoding/.test(d.message)));
    await client.diagnostics(uri('needs_module'), (p) => p.diagnostics.some((d) => d.code === 'X604' && /no_such_module_xyz/.test(d.message)));
    assert.ok(!client.latest.get(uri('multi_with'))!.diagnostics.some((d) => d.code === 'X603'));
  } finally {
    await client.shutdown();
  }
});

test("the interpreter's answers are published only where they change the findings: no second publication of a spec they leave as it was", async () => {
  const root = scriptsProject({ 'scripts/plain.py': `import json\n\n${MAIN}    return json.dumps(environ_vars)\n` });
  writeFileSync(join(root, 'specs/plain.spec.yaml'), 'script_name: plain\nstep_name: plain\n');
  // An interpreter that answers only once the test says so (after the first findings; 60 s at most), and says
  // when it has answered.
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  writeFileSync(join(root, '.venv/bin/python'), `#!/bin/sh\nn=0\nwhile [ ! -e "${root}/go" ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done\npython3 "$@"\ncode=$?\ntouch "${root}/answered-$$"\nexit $code\n`);
  chmodSync(join(root, '.venv/bin/python'), 0o755);
  const uri = (n: string) => pathToFileURL(join(root, `specs/${n}.spec.yaml`)).href;
  const answers = () => readdirSync(root).filter((f) => f.startsWith('answered-')).length;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    const names = ['plain', 'multi_with', 'bad_coding', 'needs_module'];
    for (const n of names) await client.open(uri(n), readFileSync(join(root, `specs/${n}.spec.yaml`), 'utf8'));
    for (const n of names) await client.diagnostics(uri(n), () => true);
    assert.equal(answers(), 0, 'the first findings came before the interpreter answered');
    writeFileSync(join(root, 'go'), '');
    // Both answers (the facts, then the syntax verdicts) change some findings: X604 and X603 arrive.
    await client.diagnostics(uri('needs_module'), (p) => p.diagnostics.some((d) => d.code === 'X604'));
    await client.diagnostics(uri('bad_coding'), (p) => p.diagnostics.some((d) => d.code === 'X603'));
    // Every interpreter process has answered: give the checks they asked for the time to run (a debounce each).
    await client.until(() => answers() >= 2, 60_000, 'the interpreter answered twice');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(client.publications.get(uri('needs_module')), 2, 'one publication more for the spec whose findings changed (X604)');
    assert.equal(client.publications.get(uri('bad_coding')), 2, 'one publication more for the spec whose findings changed (X603)');
    assert.equal(client.publications.get(uri('plain')), 1, 'no second publication of unchanged findings');
    assert.equal(client.publications.get(uri('multi_with')), 1, "CPython's verdict agrees with what was published: nothing sent again");
    // A change made after that is published as usual, and so is a check of a new version with the same findings.
    await client.change(uri('plain'), 2, [{ text: 'script_name: plain\nstep_name: plain\n# a comment\n' }]);
    await client.until(() => client.publications.get(uri('plain')) === 2, 60_000, 'the new version is published');
    // Closed and opened again (the same version number): published again.
    await client.close(uri('plain'));
    await client.open(uri('plain'), readFileSync(join(root, 'specs/plain.spec.yaml'), 'utf8'));
    await client.until(() => client.publications.get(uri('plain')) === 4, 60_000, 'the reopened spec is published (after the close\'s empty list)');
  } finally {
    await client.shutdown();
  }
});

/** A project of `n` contracts and scripts (every fifth contract declares other names), and a pipeline over the first 60. */
function bigProject(n: number): { root: string; spec: string } {
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "big"\n' };
  for (let i = 0; i < n; i++) {
    const input = i % 5 === 0 ? 'features' : 'data';
    files[`src/contracts/step_${i}_contract.py`] = `from base import ScriptContract\n\nSTEP_${i}_CONTRACT = ScriptContract(\n    entry_point="step_${i}.py",\n    expected_input_paths={"${input}": "/opt/ml/processing/input/data"},\n    expected_output_paths={"data": "/opt/ml/processing/output"},\n    required_env_vars=["LABEL"],\n)\n`;
    files[`src/scripts/step_${i}.py`] = `${MAIN}    return input_paths["${input}"], output_paths["data"], environ_vars["LABEL"]\n`;
  }
  files['data/in/x.csv'] = 'a\n1\n';
  const nodes = Array.from({ length: 60 }, (_, i) => `S${i}`);
  const spec = [
    'dag:',
    `  nodes: [${nodes.join(', ')}]`,
    '  edges:',
    ...nodes.slice(1).map((s, i) => `    - [${nodes[i]}, ${s}]`),
    'script_specs:',
    // Every seventh names a script that does not exist (C200), every eleventh has no env var (C206-like findings).
    ...nodes.map((s, i) => `  ${s}:\n    script_name: ${i % 7 === 3 ? `stepp_${i}` : `step_${i}`}\n    step_name: ${s}\n    input_paths:\n      data: data/in\n    output_paths:\n      data: out/${s}\n    environ_vars:\n${i % 11 === 4 ? '      OTHER: "1"' : '      LABEL: label'}`),
  ].join('\n') + '\n';
  return { root: workspace(files), spec };
}

test('a spec opened while 1,000 contracts are being read gets, the first time, the findings a warm server gives (those of the interpreter aside)', async () => {
  const { root, spec } = bigProject(1000);
  writeFileSync(join(root, 'big.pipeline.yaml'), spec);
  const uri = pathToFileURL(join(root, 'big.pipeline.yaml')).href;
  const client = new LspClient(root, undefined, { CURSUS_LSP_TRACE: '1' });
  const notInterpreter = (p: PublishedDiagnostics) => lspFindings(p).filter((f) => !/^X60[345]$/.test(f[0]));
  try {
    await client.initialize(root);
    await client.open(uri, spec);
    const first = await client.diagnostics(uri, () => true);
    // The check did wait for the worker's reading (the case under test), and found what the contracts say.
    assert.match(client.stderr, /cursus-lsp-trace waits 1 /, 'the first check waited for the contracts being read');
    const codes = new Set(first.diagnostics.map((d) => d.code));
    for (const code of ['C200', 'C202', 'C207']) assert.ok(codes.has(code), `${code} in ${[...codes].join(' ')}`);
    // Closed and opened again once everything is read and answered: the warm server's findings.
    await new Promise((r) => setTimeout(r, 1500));
    await client.close(uri);
    await client.open(uri, spec, 'yaml', 2);
    const warm = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(notInterpreter(first), notInterpreter(warm));
    assert.deepEqual(lspFindings(first).filter((f) => /^X60[345]$/.test(f[0])).filter((f) => !lspFindings(warm).some((w) => w.join() === f.join())), [], 'no interpreter finding the warm server does not give');
  } finally {
    await client.shutdown();
  }
});

/** Processes whose working folder is `root` (the server's interpreters run there), as `pid nice command`. */
function processesIn(root: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== root) continue;
      const nice = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16];
      out.push(`${pid} ${nice} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`);
    } catch {
      // Gone meanwhile, or not ours to look at.
    }
  }
  return out;
}

/** What `look` lists, looked at every 100 ms until it lists two or more or `tries` looks were made. */
async function atLeastTwo(look: () => string[], tries: number): Promise<string[]> {
  let seen = look();
  for (let i = 0; i < tries && seen.length < 2; i++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = look();
  }
  return seen;
}

test('the server asks its interpreter at a low priority, and exits at once while it is still reading 1,000 contracts, on shutdown and exit and when its input closes, leaving no process behind', async () => {
  const { root } = bigProject(1000);
  // The project's interpreter takes 30 s to answer (one process: killing it ends it whole): the server must not
  // wait for it to exit, and its processes are still there to be seen on a loaded machine (a pyenv shim takes a
  // while to start the real interpreter).
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  writeFileSync(join(root, '.venv/bin/python'), '#!/usr/bin/env python3\nimport os, sys, time\ntime.sleep(30)\nos.execv(sys.executable, [sys.executable] + sys.argv[1:])\n');
  chmodSync(join(root, '.venv/bin/python'), 0o755);
  // A process still named `nice` has not yet lowered its priority and started the interpreter: it is not asking yet.
  const interpreters = () => processesIn(root).filter((p) => !p.includes('cursus-lsp.js') && p.includes('python') && !/^\d+ -?\d+ \S*\bnice /.test(p));
  for (const how of ['exit', 'stdin closed'] as const) {
    const client = new LspClient(root);
    try {
      await client.initialize(root);
      // Still reading in its worker, and waiting for the interpreter.
      // One look is used for both checks: a shim that execs the interpreter leaves the list for an instant, so a
      // second look could miss a process the first one saw.
      const asked = await atLeastTwo(interpreters, 250);
      assert.ok(asked.length >= 2, `the interpreter is being asked: ${asked.join('; ')}`);
      // In the background: at a lower priority than the server's own work (nice 10).
      assert.deepEqual(asked.map((p) => p.split(' ')[1]), asked.map(() => '10'), asked.join('\n'));
      const started = Date.now();
      if (how === 'exit') await client.shutdown();
      else {
        client.closeInput();
        await client.exited();
      }
      // Well before the interpreter's 30 s (a bound of 5 s was exceeded once on a 2-core machine under extreme load).
      assert.ok(Date.now() - started < 15_000, `${how}: exited after ${Date.now() - started} ms`);
    } finally {
      if (client.alive) await client.shutdown().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(processesIn(root), [], `${how}: processes left`);
  }
});

test('an interpreter that is a wrapper starting processes of its own (not exec): the server ends all of them when it exits, the syntax asks included', async () => {
  const { root } = bigProject(200);
  // `sleep` is a child of the shell, not the shell itself: killing the first process of an ask alone left it behind.
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  writeFileSync(join(root, '.venv/bin/python'), '#!/bin/sh\nsleep 30\nexec python3 "$@"\n');
  chmodSync(join(root, '.venv/bin/python'), 0o755);
  const sleeping = () => processesIn(root).filter((p) => /\bsleep 30\b/.test(p));
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    // Both questions are being asked: the interpreter's facts and the scripts' syntax.
    const asked = await atLeastTwo(sleeping, 600);
    assert.ok(asked.length >= 2, `both asks wait in the wrapper: ${processesIn(root).join('; ')}`);
    client.closeInput();
    await client.exited();
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
  let left = processesIn(root);
  for (let i = 0; i < 20 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesIn(root);
  }
  assert.deepEqual(left, [], 'processes left');
});
