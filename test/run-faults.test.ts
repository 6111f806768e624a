/**
 * Runner fault injection: scripts that escape their session, flood their output, vanish with os._exit, leave
 * children behind, and a CLI or server told to stop mid-run. After each, no process of the run may survive
 * (looked for by a marker in the command line and by the sessions the script's processes reported).
 * CURSUS_LSP_FAULTS_LONG=1 repeats every case several times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, workspace } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import { LspClient } from './helpers/lsp.js';
import { cliBin } from './helpers/paths.js';

const REPEAT = process.env.CURSUS_LSP_FAULTS_LONG ? 5 : 1;

/** Each child runs `sleep` under a command line holding the test's marker, and records its pid and session. */
const script = `import os, subprocess, sys, time
CHILD = "import sys, time; time.sleep(600)"

def spawn(output, new_session):
    p = subprocess.Popen([sys.executable, "-c", CHILD, os.environ["MARKER"]], start_new_session=new_session)
    note(output, p.pid)
    return p

def note(output, pid):
    with open(os.path.join(output, "pids.txt"), "a") as f:
        f.write("%d %d\\n" % (pid, os.getsid(pid)))

def main(input_paths, output_paths, environ_vars, job_args):
    out = output_paths["out"]
    mode = environ_vars["MODE"]
    with open(os.path.join(out, "result.txt"), "w") as f:
        f.write(mode)
    if mode == "setsid-hang":
        spawn(out, True)          # its own session, and it holds our stdout open
        time.sleep(600)
    elif mode == "setsid-return":
        spawn(out, True)
    elif mode == "double-fork":
        r, w = os.pipe()
        if os.fork() == 0:
            os.setsid()
            pid = os.fork()
            if pid == 0:
                os.environ.clear()
                os.execv(sys.executable, [sys.executable, "-c", CHILD, environ_vars["MARKER"]])
            os.write(w, str(pid).encode())
            os._exit(0)
        pid = int(os.read(r, 32))
        time.sleep(0.2)
        note(out, pid)
    elif mode == "os-exit":
        spawn(out, True)
        spawn(out, False)
        os._exit(7)
    elif mode == "huge-output":
        chunk = "x" * 65535 + "\\n"
        for _ in range(int(environ_vars.get("MB", "64")) * 16):
            sys.stdout.write(chunk)
        print("the end")
    elif mode == "fork-storm":
        # Forks, not new interpreters: all 20 exist within milliseconds, however loaded the machine.
        for _ in range(20):
            pid = os.fork()
            if pid == 0:
                time.sleep(600)
                os._exit(0)
            note(out, pid)
        open(os.path.join(out, "stormed"), "w").close()
        time.sleep(600)
`;

function project(mode: string, marker: string, extra = '') {
  return workspace({
    'pyproject.toml': '[project]\nname = "faults"\n',
    'scripts/fault.py': script,
    'data/raw/data.csv': 'a,b\n1,2\n',
    'p.pipeline.yaml': `dag:
  nodes: [step]
  edges: []
script_specs:
  step:
    script_name: fault
    step_name: step
    input_paths: {raw: data/raw}
    output_paths: {out: out/step}
    environ_vars: {MODE: "${mode}", MARKER: "${marker}"${extra}}
`,
  });
}

interface NodeJson {
  status: string;
  success: boolean;
  error_message: string | null;
  notes: string[];
  processes_killed: string[];
  processes_surviving: string[];
  stdout_tail: string;
}

const marker = () => `cursus-fault-${randomBytes(6).toString('hex')}`;

/** Live processes (zombies excluded) whose command line holds the marker or whose session is one of `sessions`. */
function survivors(mark: string, sessions: number[] = []): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z' || f[0] === 'X') continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ');
      if (cmd.includes(mark) || sessions.includes(Number(f[3]))) found.push(`${name} ${cmd}`);
    } catch {
      // It ended while we looked.
    }
  }
  return found;
}

function recorded(root: string): { pids: number[]; sessions: number[] } {
  const file = join(root, 'out/step/pids.txt');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  return { pids: lines.map((l) => Number(l.split(' ')[0])), sessions: lines.map((l) => Number(l.split(' ')[1])) };
}

/**
 * A private temporary folder for one run's CLI or server (TMPDIR), so that the runner's `cursus-run-*` folders
 * left behind, if any, are told apart from other processes' (tests run in parallel).
 */
function privateTmp(): { env: Record<string, string>; leftovers: () => string[] } {
  const dir = tempDir('cursus-faults-tmp-');
  return { env: { TMPDIR: dir }, leftovers: () => readdirSync(dir).filter((n) => n.startsWith('cursus-run-')) };
}

function runJson(root: string, ...args: string[]) {
  const tmp = privateTmp();
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--no-cache', ...args], root, tmp.env, 180_000);
  assert.deepEqual(tmp.leftovers(), [], "the run's temporary folders are removed");
  const report = JSON.parse(r.stdout || '{}') as { pipeline_success: boolean; cancelled: boolean; script_results: Record<string, NodeJson> };
  return { code: r.code, step: report.script_results?.step, report, stderr: r.stderr };
}

for (let round = 0; round < REPEAT; round++) {
  const tag = REPEAT > 1 ? ` (round ${round + 1})` : '';

  test(`--timeout holds against a child in its own session that keeps stdout open, and the report names what was killed${tag}`, () => {
    const mark = marker();
    const root = project('setsid-hang', mark);
    const started = Date.now();
    const { code, step } = runJson(root, '--timeout', '2');
    const took = Date.now() - started;
    assert.equal(code, 1);
    assert.ok(took < 20_000, `the 2 s timeout held (took ${took} ms)`);
    assert.equal(step.status, 'timeout');
    const { pids, sessions } = recorded(root);
    assert.equal(pids.length, 1);
    assert.match(step.error_message ?? '', /^Timed out after 2 s; killed 2 processes: /);
    assert.ok(step.processes_killed.some((p) => p.startsWith(`${pids[0]} (`) && p.includes(mark)), step.processes_killed.join('; '));
    assert.deepEqual(step.processes_surviving, []);
    assert.deepEqual(survivors(mark, sessions), []);
  });

  test(`a script whose main returned but left a child (own session, or double-forked with a cleared environment) passes with a note; the child is killed${tag}`, () => {
    for (const mode of ['setsid-return', 'double-fork']) {
      const mark = marker();
      const root = project(mode, mark);
      const { code, step } = runJson(root);
      const { pids, sessions } = recorded(root);
      assert.equal(code, 0, `${mode}: ${step?.error_message}`);
      assert.equal(step.status, 'passed');
      assert.equal(pids.length, 1, mode);
      assert.equal(step.notes.length, 1, mode);
      assert.match(step.notes[0], new RegExp(`^main returned but left 1 process running \\(${pids[0]} \\(python3 -c .*${mark}\\)\\); it was killed\\.$`));
      assert.deepEqual(survivors(mark, sessions), [], mode);
    }
  });

  test(`os._exit with children in and out of the session: failed with the exit code, both children killed${tag}`, () => {
    const mark = marker();
    const root = project('os-exit', mark);
    const { code, step } = runJson(root);
    const { pids, sessions } = recorded(root);
    assert.equal(code, 1);
    assert.equal(step.status, 'failed');
    assert.match(step.error_message ?? '', /ended without a result \(exit code 7\)/);
    assert.equal(pids.length, 2);
    assert.match(step.notes[0], /^The script's process ended but left 2 processes running/);
    assert.deepEqual(survivors(mark, sessions), []);
  });

  test(`huge output is read to its end, kept as a bounded tail, and the step passes${tag}`, () => {
    const mark = marker();
    const root = project('huge-output', mark);
    const { code, step } = runJson(root);
    assert.equal(code, 0, step?.error_message ?? '');
    assert.ok(step.stdout_tail.length <= 4000);
    assert.match(step.stdout_tail, /the end\n$/);
  });

  test(`a fork storm is killed at the timeout: every child named, none left${tag}`, () => {
    const mark = marker();
    const root = project('fork-storm', mark);
    // A generous timeout: the interpreter has to start and fork 20 times before it, on a loaded machine too.
    const { step } = runJson(root, '--timeout', '10');
    const { pids, sessions } = recorded(root);
    assert.equal(step.status, 'timeout');
    assert.ok(existsSync(join(root, 'out/step/stormed')), 'the storm was complete before the timeout');
    assert.equal(pids.length, 20);
    for (const pid of pids) assert.ok(step.processes_killed.some((p) => p.startsWith(`${pid} (`)), `${pid} reported killed`);
    // The message names ten of them and counts the rest (a storm of thousands made a 35 KB message).
    assert.match(step.error_message ?? '', new RegExp(`^Timed out after 10 s; killed ${step.processes_killed.length} processes: (?:[^,]+, ){9}[^,]+ and ${step.processes_killed.length - 10} more \\(each in processes_killed of the JSON report\\)\\.$`));
    assert.deepEqual(survivors(mark, sessions), []);
  });

  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    test(`${sig} to \`cursus-lint run\` mid-run: the run is reported cancelled and no process of it survives${tag}`, async () => {
      const mark = marker();
      const root = project('setsid-hang', mark);
      const tmp = privateTmp();
      const child = spawn(process.execPath, [cliBin, 'run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--no-cache'], { cwd: root, env: { ...process.env, ...tmp.env } });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      await waitFor(() => recorded(root).pids.length === 1);
      const { sessions } = recorded(root);
      const started = Date.now();
      child.kill(sig);
      const code = await exited;
      assert.ok(Date.now() - started < 10_000, 'stopped promptly');
      assert.equal(code, 1);
      const report = JSON.parse(out) as { cancelled: boolean; script_results: Record<string, NodeJson> };
      assert.equal(report.cancelled, true);
      assert.equal(report.script_results.step.status, 'cancelled');
      assert.match(report.script_results.step.error_message ?? '', /^Cancelled; killed 2 processes/);
      assert.deepEqual(survivors(mark, sessions), []);
      assert.deepEqual(tmp.leftovers(), [], "the run's temporary folder is removed");
    });
  }

  test(`SIGKILL to \`cursus-lint run\` mid-run (no chance to clean up): the harness kills the script's processes itself${tag}`, async () => {
    const mark = marker();
    const root = project('setsid-hang', mark);
    const tmp = privateTmp();
    const child = spawn(process.execPath, [cliBin, 'run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--no-cache'], { cwd: root, env: { ...process.env, ...tmp.env }, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    await waitFor(() => recorded(root).pids.length === 1);
    const { sessions } = recorded(root);
    child.kill('SIGKILL');
    await exited;
    // The harness hears of it from the kernel, kills, removes the run's folder and ends: wait for that.
    await waitFor(() => survivors(mark, sessions).length === 0 && tmp.leftovers().length === 0, 30_000).catch(() => undefined);
    assert.deepEqual(survivors(mark, sessions), []);
    assert.deepEqual(tmp.leftovers(), [], 'the harness removed the temporary folder');
  });

  for (const how of ['stdin closed', 'shutdown and exit', 'SIGTERM', 'the editor process gone'] as const) {
    test(`the language server ending mid-run (${how}) kills every process of the run${tag}`, async () => {
      const mark = marker();
      const root = project('setsid-hang', mark);
      const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
      const tmp = privateTmp();
      const client = new LspClient(root, undefined, tmp.env);
      // The editor whose processId the server watches: a stand-in process that the test ends.
      const editor = spawn('sleep', ['600'], { stdio: 'ignore' });
      await client.initialize(root, {}, how === 'the editor process gone' ? editor.pid! : process.pid);
      client.connection.onRequest('window/workDoneProgress/create', () => null);
      await client.open(uri, readFileSync(join(root, 'p.pipeline.yaml'), 'utf8'));
      void client.connection.sendRequest('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] }).catch(() => undefined);
      await waitFor(() => recorded(root).pids.length === 1);
      const { sessions } = recorded(root);
      if (how === 'stdin closed') client.closeInput();
      else if (how === 'SIGTERM') client.signal('SIGTERM');
      else if (how === 'the editor process gone') editor.kill('SIGKILL');
      else await client.shutdown();
      await client.exited();
      editor.kill('SIGKILL');
      assert.deepEqual(survivors(mark, sessions), []);
      assert.deepEqual(tmp.leftovers(), [], "the run's temporary folder is removed");
    });
  }
}

test('cancelling a run in the editor kills its processes and shows it as cancelled: result, message and lenses', async () => {
  const mark = marker();
  const root = project('setsid-hang', mark);
  const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root, { window: { workDoneProgress: true } });
    const tokens: unknown[] = [];
    client.connection.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => {
      tokens.push(p.token);
      return null;
    });
    client.connection.onRequest('workspace/codeLens/refresh', () => null);
    const messages: string[] = [];
    client.connection.onNotification('window/showMessage', (p: { message: string }) => {
      messages.push(p.message);
    });
    await client.open(uri, readFileSync(join(root, 'p.pipeline.yaml'), 'utf8'));
    const result = client.request<{ pipeline_success: boolean; cancelled: boolean }>('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] });
    await waitFor(() => recorded(root).pids.length === 1 && tokens.length === 1);
    const { sessions } = recorded(root);
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token: tokens[0] });
    const r = await result;
    assert.equal(r.cancelled, true);
    assert.equal(r.pipeline_success, false);
    assert.deepEqual(survivors(mark, sessions), []);
    assert.ok(messages.some((m) => /^cursus-lsp: cancelled: /.test(m)), messages.join(' | '));
    const lenses = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => l.command.title);
    assert.ok(titles.includes('▶ Run pipeline (last: cancelled)'), titles.join(' | '));
    assert.ok(titles.includes('▶ Run script (last: cancelled)'), titles.join(' | '));
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) client.signal('SIGKILL');
  }
});

async function waitFor(ready: () => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the script to start its children');
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 100));
}
