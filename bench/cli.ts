/**
 * The CLI as a shell starts it: `cursus-lint check` over 1,000 spec files and over one 40,000-node pipeline
 * (wall time and peak resident memory), and `cursus-lint run` of a pipeline, first and fully cached.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractProject, pipelineSpec } from './generate.js';
import { executionProject } from './execution.js';
import type { BenchRow } from './row.js';

const bin = fileURLToPath(new URL('../../bin/cursus-lint.cjs', import.meta.url));

/** Runs the CLI; wall time from spawn to exit, and the peak resident memory the kernel recorded (VmHWM). */
export async function shell(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ ms: number; peakMiB: number; code: number | null; stdout: string; stderr: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  let peak = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // gone
    }
  }, 25);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(poll);
  return { ms, peakMiB: peak, code, stdout, stderr };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function cliBenchmarks(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  {
    // 1,000 spec files in a project with 1,000 contracts: 500 script specs (JSON) and 500 pipelines of 8 nodes.
    const root = contractProject(1000);
    const dir = join(root, 'specs');
    mkdirSync(dir);
    for (let i = 0; i < 500; i++) {
      writeFileSync(join(dir, `step_${i}_runtime_test_spec.json`), JSON.stringify({ script_name: `step_${i}`, step_name: `Step${i}_training`, input_paths: { processed_data: `test/integration/runtime/step_${i}/input`, METADATA: 'test/integration/runtime/meta' }, output_paths: { processed_data: `test/integration/runtime/step_${i}/output` }, environ_vars: { LABEL_FIELD: 'label', TRAIN_RATIO: '0.7' }, job_args: { job_type: 'training' } }, null, 2));
      writeFileSync(join(dir, `p${i}.pipeline.yaml`), pipelineSpec(8).replace(/step_(\d+)\b/g, (_m, d: string) => `step_${(Number(d) + i) % 1000}`));
    }
    const r = await shell(['check', 'specs', '--format', 'json'], root);
    if (r.code === 2) throw new Error(`check of 1,000 files failed: ${r.stderr}`);
    const files = (JSON.parse(r.stdout) as unknown[]).length;
    rows.push({ what: `CLI: \`cursus-lint check\` of ${files} spec files (500 script specs, 500 pipelines of 8 nodes; 1,000 contracts)`, result: seconds(r.ms), target: '<= 3 s', met: r.ms <= 3000, note: `from the shell, a fresh project (no .cursus-runs/: nothing kept, as in CI); peak ${r.peakMiB.toFixed(0)} MiB` });
    // The same project with a .cursus-runs/ folder: the first check writes the findings cache, the next reuse it.
    mkdirSync(join(root, '.cursus-runs'));
    const first = await shell(['check', 'specs', '--format', 'json'], root);
    const same = (out: string) => {
      if (out !== r.stdout) throw new Error('a check with the findings cache reported other findings than a fresh one');
    };
    same(first.stdout);
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      const again = await shell(['check', 'specs', '--format', 'json'], root);
      same(again.stdout);
      warm.push(again.ms);
    }
    warm.sort((a, b) => a - b);
    rows.push({ what: 'Same 1000 files, warm: checked again unchanged, with the findings kept in .cursus-runs/check-cache.json', result: seconds(warm[1]), note: `median of 3; the first check with .cursus-runs/ present (Python asked, findings written) took ${seconds(first.ms)}` });
    const contract = join(root, 'src/steps/contracts/step_7_contract.py');
    writeFileSync(contract, `${readFileSync(contract, 'utf8')}# edited\n`);
    const edited = await shell(['check', 'specs', '--format', 'json'], root);
    same(edited.stdout);
    rows.push({ what: 'Same 1000 files after one contract was edited (every spec checked again, the cache rewritten)', result: seconds(edited.ms), note: `peak ${edited.peakMiB.toFixed(0)} MiB` });
    rmSync(root, { recursive: true, force: true });
  }
  {
    const root = contractProject(1000);
    const text = pipelineSpec(40_000);
    writeFileSync(join(root, 'huge.pipeline.yaml'), text);
    const r = await shell(['check', 'huge.pipeline.yaml', '--format', 'json'], root);
    if (r.code === 2) throw new Error(`check of the 40,000-node pipeline failed: ${r.stderr}`);
    const findings = (JSON.parse(r.stdout) as { diagnostics: unknown[] }[])[0]?.diagnostics.length ?? 0;
    rows.push({
      what: `CLI: \`cursus-lint check\` of one 40,000-node pipeline (${(text.length / 2 ** 20).toFixed(1)} MiB, ${findings} findings)`,
      result: `${seconds(r.ms)}, ${r.peakMiB.toFixed(0)} MiB peak`,
      target: '<= 8 s and 800 MB',
      met: r.ms <= 8000 && r.peakMiB * 1.048576 <= 800,
      note: `${((r.peakMiB * 1024) / 40_000).toFixed(1)} KiB per node at peak (target <= 10 KiB)`,
    });
    rmSync(root, { recursive: true, force: true });
  }
  {
    const { root } = executionProject(0.3);
    // Every command says on stderr whether it was shown again from the run memory (cli/run-memo.ts); the setting
    // is part of the memory's key, so the first run is made with it too.
    const env = { ...process.env, CURSUS_LINT_RUN_MEMO: 'explain' };
    const first = await shell(['run', 'p.pipeline.yaml', '--format', 'json'], root, env);
    if (first.code !== 0) throw new Error(`run failed: ${first.stderr}`);
    const cached: number[] = [];
    let replayed = 0;
    for (let i = 0; i < 5; i++) {
      const again = await shell(['run', 'p.pipeline.yaml', '--format', 'json'], root, env);
      const report = JSON.parse(again.stdout) as { stats: { cached: number; executed: number } };
      if (report.stats.executed !== 0) throw new Error('the re-run executed scripts');
      if (again.stderr.includes('shown again')) replayed++;
      cached.push(again.ms);
    }
    cached.sort((a, b) => a - b);
    const median = cached[2];
    rows.push({
      what: '`cursus-lint run` of the 6-step pipeline below, fully cached, from the shell',
      result: `${median.toFixed(0)} ms`,
      target: '<= 5% of the first run',
      met: median <= first.ms * 0.05,
      note: `first run ${seconds(first.ms)}; cached is ${((100 * median) / first.ms).toFixed(1)}% of it (median of 5; ${replayed} of the 5 shown again from the run memory, the others run with every step's result cached)`,
    });
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
