/**
 * Cursus 2.9 DAG resolution: every catalog DAG in test/data/cursus-dags resolved (node -> step type -> interface
 * variant -> script) and wired by the dependency resolver against the 20 reference interfaces, as `check` does it.
 * `node dist/bench/dag-resolution.js` prints the figures alone; `npm run bench` includes them.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFile, readSpecFile, viewOf } from '../server/src/engine/index.js';
import { dagOf } from '../server/src/engine/model/build.js';
import { wireDag } from '../server/src/engine/dag/wiring.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { fmt, time } from './measure.js';
import type { BenchRow } from './row.js';
import { benchTempDir } from './temp.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export function dagResolutionBenchmarks(): BenchRow[] {
  const root = benchTempDir('cursus-bench-dags-');
  writeFileSync(join(root, 'pyproject.toml'), '');
  cpSync(join(repo, 'test/data/cursus/steps/interfaces'), join(root, 'steps/interfaces'), { recursive: true });
  const dagDir = join(repo, 'test/data/cursus-dags');
  const dags = readdirSync(dagDir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ f, text: readFileSync(join(dagDir, f), 'utf8') }));
  const index = new ProjectIndexer(loadConfig(root)).index();
  const project = viewOf(index);
  let nodes = 0;
  let bindings = 0;
  // Fresh models each round, so the per-model wiring cache does not hide the work.
  const wire = time(() => {
    nodes = 0;
    bindings = 0;
    for (const d of dags) {
      const dag = dagOf(readSpecFile(`dags/${d.f}`, d.text)!.model)!;
      const w = wireDag(dag, project);
      nodes += w.steps.size;
      for (const c of w.consumers.values()) bindings += c.bindings.length;
    }
  }, 21);
  const check = time(() => {
    for (const d of dags) checkFile(readSpecFile(`dags/${d.f}`, d.text)!, {}, index);
  }, 11);
  return [
    { what: `Resolve and wire ${dags.length} catalog DAGs (${nodes} nodes, ${bindings} bindings) against 20 step interfaces: parse, node -> interface, resolver`, result: fmt(wire.medianMs), note: `median of ${wire.runs}; ${fmt(wire.medianMs / dags.length)} a DAG` },
    { what: `Same ${dags.length} DAGs: check every rule (D4xx, M504-M507, K900)`, result: fmt(check.medianMs), note: `median of ${check.runs}` },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of dagResolutionBenchmarks()) process.stdout.write(`${r.what}: ${r.result} (${r.note})\n`);
}
