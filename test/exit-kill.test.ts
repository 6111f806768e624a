/**
 * The editor-style kill: SIGTERM, then SIGKILL a few milliseconds later (Neovim and Emacs end their language
 * server so at exit; CI runners end a cancelled job so), while the exit-time kill of the runs' processes is under
 * way. Whatever the timing, no process may be left stopped (state T) for ever; when the exit-time kill finished
 * (the process ended through its SIGTERM handler) none may be left at all. Covered: `cursus-lint run` and the
 * language server's run of a script with a child, a grandchild in a session of its own and a child that forks all
 * the time, and the server's background question to the interpreter at its start. Every process is found by a
 * marker in its environment (inherited by all of them), and the test kills what is left itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspace } from './helpers/cli.js';
import { LspClient } from './helpers/lsp.js';
import { cliBin } from './helpers/paths.js';
import { tempDir } from './helpers/temp.js';

const MARK_VAR = 'CURSUS_TEST_EXIT_KILL';
/**
 * Gaps between SIGTERM and SIGKILL, in ms: from "at once" to "the kill is surely under way", and last a SIGKILL
 * that comes too late (the process has ended on its own by then, its exit-time kill finished).
 */
const GAPS = [2, 10, 40, 20_000];

const script = `import os, signal, subprocess, sys, time

def main(input_paths, output_paths, environ_vars, job_args):
    out = output_paths["out"]
    # A child, whose own child starts a session of its own.
    subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True); time.sleep(600)"])
    # A child that forks all the time (each of its children lives 0.2 s).
    if os.fork() == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        while True:
            if os.fork() == 0:
                time.sleep(0.2)
                os._exit(0)
            time.sleep(0.003)
    time.sleep(0.5)
    open(os.path.join(out, "started"), "w").close()
    time.sleep(600)
`;

function project(): string {
  return workspace({
    'pyproject.toml': '[project]\nname = "exitkill"\n',
    'scripts/many.py': script,
    'data/raw/data.csv': 'a,b\n1,2\n',
    'p.pipeline.yaml': `dag:
  nodes: [step]
  edges: []
script_specs:
  step:
    script_name: many
    step_name: step
    input_paths: {raw: data/raw}
    output_paths: {out: out/step}
`,
  });
}

interface Proc {
  pid: number;
  state: string;
  cmd: string;
}

/** Live processes (zombies excluded) whose environment holds the marker. */
function marked(mark: string): Proc[] {
  const found: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').includes(`${MARK_VAR}=${mark}\0`)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (state === 'Z' || state === 'X') continue;
      found.push({ pid: Number(name), state, cmd: readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/** The test's own clean-up: everything that carries the marker, killed until none is left. */
async function killMarked(mark: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const left = marked(mark);
    if (!left.length) return;
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    }
    await sleep(20);
  }
}

const stopped = (list: Proc[]) => list.filter((p) => p.state === 'T' || p.state === 't').map((p) => `${p.pid} ${p.state} ${p.cmd}`);
const describe = (list: Proc[]) => list.map((p) => `${p.pid} ${p.state} ${p.cmd}`);

/**
 * Sends SIGTERM, then SIGKILL `gap` ms later, to `pid`; waits for `exited`; checks what is left. Returns whether
 * the process ended through its own exit (its exit-time kill ran to the end).
 */
async function termThenKill(pid: number, gap: number, exited: Promise<{ code: number | null; signal: string | null }>, mark: string, what: string, tmp?: string): Promise<boolean> {
  process.kill(pid, 'SIGTERM');
  await Promise.race([sleep(gap), exited]);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // It had ended already.
  }
  const end = await exited;
  const finished = end.signal !== 'SIGKILL';
  // A stopped process stays stopped: give the killed ones the time to go, then look.
  for (let i = 0; i < 50 && marked(mark).length; i++) await sleep(20);
  const left = marked(mark);
  const folders = tmp ? readdirSync(tmp).filter((n) => n.startsWith('cursus-')) : [];
  try {
    assert.deepEqual(stopped(left), [], `${what}, SIGKILL ${gap} ms after SIGTERM: processes left stopped for ever`);
    if (finished) assert.deepEqual(describe(left), [], `${what}, ended by its SIGTERM (its exit-time kill ran): processes left`);
    if (finished) assert.deepEqual(folders, [], `${what}, ended by its SIGTERM: temporary folders left`);
  } finally {
    await killMarked(mark);
  }
  return finished;
}

function exitOf(child: import('node:child_process').ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => r({ code, signal }));
  });
}

test('`cursus-lint run` killed the editor way mid-run (SIGTERM, then SIGKILL a few ms later) leaves no process stopped, and none when its kill finished', async () => {
  for (const gap of GAPS) {
    const mark = randomBytes(6).toString('hex');
    const root = project();
    const tmp = tempDir('cursus-exitkill-tmp-');
    const child = spawn(process.execPath, [cliBin, 'run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--no-cache'], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp, [MARK_VAR]: mark },
      stdio: 'ignore',
    });
    const exited = exitOf(child);
    try {
      await waitFor(() => existsSync(join(root, 'out/step/started')));
      await termThenKill(child.pid!, gap, exited, mark, '`cursus-lint run`', tmp);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await killMarked(mark);
    }
  }
});

test('the language server killed the editor way mid-run leaves no process stopped, and none when its exit-time kill finished', async () => {
  for (const gap of GAPS) {
    const mark = randomBytes(6).toString('hex');
    const root = project();
    const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
    const tmp = tempDir('cursus-exitkill-tmp-');
    const client = new LspClient(root, undefined, { TMPDIR: tmp, [MARK_VAR]: mark, CURSUS_PYTHON: 'python3' });
    try {
      await client.initialize(root);
      await client.open(uri, readFileSync(join(root, 'p.pipeline.yaml'), 'utf8'));
      void client.connection.sendRequest('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] }).catch(() => undefined);
      await waitFor(() => existsSync(join(root, 'out/step/started')));
      const pid = serverPid(mark);
      const exited = client.exited().then((code) => ({ code, signal: code === null ? 'SIGKILL' : null }));
      await termThenKill(pid, gap, exited, mark, 'the language server', tmp);
    } finally {
      if (client.alive) client.signal('SIGKILL');
      await killMarked(mark);
    }
  }
});

test("the language server killed the editor way during its start-up question to the interpreter leaves no process stopped, and none when its exit-time kill finished", async () => {
  // An interpreter whose answer to the environment question takes long (a shim that sleeps before it runs Python).
  const bin = tempDir('cursus-exitkill-bin-');
  const shim = join(bin, 'slowpython');
  writeFileSync(shim, `#!/bin/sh\ncase "$*" in *cursus_env.py*) sleep 600 & wait ;; esac\nexec python3 "$@"\n`);
  chmodSync(shim, 0o755);
  for (const gap of GAPS) {
    const mark = randomBytes(6).toString('hex');
    const root = project();
    const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
    const client = new LspClient(root, undefined, { [MARK_VAR]: mark, CURSUS_PYTHON: shim });
    try {
      await client.initialize(root);
      await client.open(uri, readFileSync(join(root, 'p.pipeline.yaml'), 'utf8'));
      await waitFor(() => marked(mark).some((p) => p.cmd.includes('cursus_env.py')) && marked(mark).some((p) => p.cmd.startsWith('sleep 600')));
      const pid = serverPid(mark);
      const exited = client.exited().then((code) => ({ code, signal: code === null ? 'SIGKILL' : null }));
      await termThenKill(pid, gap, exited, mark, 'the language server asking the interpreter');
    } finally {
      if (client.alive) client.signal('SIGKILL');
      await killMarked(mark);
    }
  }
});

/** The server's pid: the marked node process running the server. */
function serverPid(mark: string): number {
  const server = marked(mark).find((p) => p.cmd.includes('cursus-lsp') && p.cmd.includes('--stdio'));
  assert.ok(server, 'the server process is found');
  return server.pid;
}

async function waitFor(ready: () => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the processes to start');
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
