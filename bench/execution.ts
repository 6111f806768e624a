/** Execution figures: our runs against Cursus's approach on the same DAG, per-script overhead, parallelism, re-runs. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSpecFile } from '../server/src/engine/index.js';
import { executePlan } from '../server/src/runner/execute.js';
import { runScript } from '../server/src/runner/harness.js';
import { buildPlan } from '../server/src/runner/plan.js';
import { choosePython } from '../server/src/runner/python.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { benchTempDir } from './temp.js';

export interface ExecRow {
  what: string;
  result: string;
  note: string;
}

const STEP = (sleep: number) => `import os, time
def main(input_paths, output_paths, environ_vars, job_args):
    time.sleep(${sleep})
    data = "".join(open(os.path.join(p, f)).read() for p in input_paths.values() for f in sorted(os.listdir(p)))
    out = list(output_paths.values())[0]
    with open(os.path.join(out, "part.txt"), "w") as f:
        f.write(data + "x")
`;

/** A diamond-rich DAG: source -> (a1, b1) -> (a2, b2) -> join; each step sleeps `sleep` seconds. */
export function executionProject(sleep: number): { root: string; spec: string } {
  const root = benchTempDir('cursus-bench-run-');
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'data/raw'), { recursive: true });
  writeFileSync(join(root, 'data/raw/seed.txt'), 'seed');
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "b"\n');
  const nodes = ['source', 'a1', 'b1', 'a2', 'b2', 'join'];
  for (const n of nodes) writeFileSync(join(root, `scripts/${n}.py`), STEP(sleep));
  const edges = [['source', 'a1'], ['source', 'b1'], ['a1', 'a2'], ['b1', 'b2'], ['a2', 'join'], ['b2', 'join']];
  const input = (n: string) => (n === 'source' ? '{data: data/raw}' : n === 'join' ? '{data: out/a2, data_b: out/b2}' : `{data: out/${edges.find((e) => e[1] === n)![0]}}`);
  const spec = [
    'dag:',
    `  nodes: [${nodes.join(', ')}]`,
    '  edges:',
    ...edges.map(([a, b]) => `    - [${a}, ${b}]`),
    'script_specs:',
    ...nodes.map((n) => `  ${n}: {script_name: ${n}, step_name: ${n}, input_paths: ${input(n)}, output_paths: {data: out/${n}}}`),
  ].join('\n');
  writeFileSync(join(root, 'p.pipeline.yaml'), spec + '\n');
  return { root, spec };
}

export async function executionBenchmarks(): Promise<ExecRow[]> {
  const rows: ExecRow[] = [];
  const python = choosePython({ root: process.cwd() });
  const sleep = 0.3;
  const { root, spec } = executionProject(sleep);
  const config = loadConfig(root);
  const file = readSpecFile('p.pipeline.yaml', spec)!;
  const plan = buildPlan(file, new ProjectIndexer(config).index(), root, config.semanticThreshold);
  const run = async (jobs: number, useCache: boolean) => {
    const t = Date.now();
    const report = await executePlan(plan, { python, jobs, timeoutMs: 60_000, useCache });
    if (!report.pipeline_success) throw new Error(`bench pipeline failed: ${report.errors.join('; ')}`);
    return { ms: Date.now() - t, report };
  };
  const serial = await run(1, false);
  const parallel = await run(2, false);
  rmSync(join(root, '.cursus-runs'), { recursive: true, force: true });
  await run(2, true);
  const rerun = await run(2, true);

  // Cursus's pipeline flow tests every edge by running its upstream and downstream scripts (test_data_compatibility):
  // the same scripts, run once per edge end, one after another.
  const t = Date.now();
  let cursusExecutions = 0;
  for (const e of plan.edges) {
    for (const name of [e.src, e.dst]) {
      const n = plan.nodes.find((x) => x.name === name)!;
      const r = await runScript(python, { script: n.script!, root, input_paths: n.inputs, output_paths: n.outputs, environ_vars: n.environ, job_args: n.jobArgs }, 60_000);
      if (!r.ok) throw new Error(`per-edge run failed: ${r.problem ?? r.reply?.error_message}`);
      cursusExecutions++;
    }
  }
  const cursusMs = Date.now() - t;
  rows.push({ what: `Pipeline of 6 steps, 6 edges, each step sleeping ${sleep}s: Cursus's approach (every edge re-runs both ends, in sequence)`, result: `${cursusExecutions} script executions, ${(cursusMs / 1000).toFixed(2)} s`, note: 'emulated with our harness, one process per execution' });
  rows.push({ what: 'Same DAG, cursus-lint run --jobs 1 (each node once, outputs fed downstream)', result: `${serial.report.stats.executed} executions, ${(serial.ms / 1000).toFixed(2)} s`, note: `${(cursusMs / serial.ms).toFixed(2)}x faster than the per-edge approach` });
  rows.push({ what: 'Same DAG, --jobs 2 (the two branches in parallel)', result: `${(parallel.ms / 1000).toFixed(2)} s`, note: `${(serial.ms / parallel.ms).toFixed(2)}x the speed of --jobs 1` });
  rows.push({ what: 'Same DAG, unchanged re-run (every result reused from .cursus-runs)', result: `${rerun.ms < 1 ? 'under 1 ms' : `${rerun.ms.toFixed(1)} ms`}, ${rerun.report.stats.cached} reused`, note: rerun.ms < 1 ? 'too fast for the millisecond clock to give a ratio' : `${(parallel.ms / rerun.ms).toFixed(0)}x faster than running it` });

  // Per-script overhead: the harness (import by path, checks, JSON reply) against a bare `python3 script.py`.
  writeFileSync(join(root, 'scripts/noop.py'), 'def main(input_paths, output_paths, environ_vars, job_args):\n    pass\n\nif __name__ == "__main__":\n    main({}, {}, {}, None)\n');
  const samples = (f: () => Promise<void> | void, n: number) => async () => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = process.hrtime.bigint();
      await f();
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    return times.sort((a, b) => a - b)[Math.floor(n / 2)];
  };
  const bare = await samples(() => {
    spawnSync(python.command, [join(root, 'scripts/noop.py')]);
  }, 15)();
  const harnessed = await samples(async () => {
    await runScript(python, { script: join(root, 'scripts/noop.py'), root, input_paths: {}, output_paths: {}, environ_vars: {}, job_args: {} }, 60_000);
  }, 15)();
  rows.push({ what: 'One trivial script: bare `python3 script.py`', result: `${bare.toFixed(1)} ms`, note: 'median of 15' });
  rows.push({ what: 'Same script through the harness (own process, import by path, main() checks, JSON result)', result: `${harnessed.toFixed(1)} ms`, note: `overhead ${(harnessed - bare).toFixed(1)} ms a script` });
  rmSync(root, { recursive: true, force: true });
  return rows;
}
