/**
 * Step interfaces: a project of 61 `.step.yaml` files (Cursus's count), made of the 20 real ones in test/data
 * plus 41 generated from them under new step types, each with its stand-in script. Measured: indexing them cold,
 * re-indexing after one changed, and checking every one (I8xx, script checks) against the index.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFile, readSpecFile, viewOf } from '../server/src/engine/index.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { fmt, time } from './measure.js';
import type { BenchRow } from './row.js';
import { benchTempDir } from './temp.js';

const data = fileURLToPath(new URL('../../test/data/cursus/', import.meta.url));

/** A copy of the reference project grown to `count` interfaces by renamed copies (new step type, file and script). */
export function interfaceProject(count: number): string {
  const root = benchTempDir('cursus-bench-ifaces-');
  cpSync(data, root, { recursive: true });
  const dir = join(root, 'steps/interfaces');
  const originals = readdirSync(dir).filter((f) => f.endsWith('.step.yaml')).sort();
  for (let i = 0; originals.length + i < count; i++) {
    const f = originals[i % originals.length];
    const stem = f.replace('.step.yaml', '');
    const text = readFileSync(join(dir, f), 'utf8');
    const stepType = /^step_type: (\S+)/m.exec(text)?.[1] ?? 'X';
    const copy = `${stem}_copy${i}`;
    writeFileSync(join(dir, `${copy}.step.yaml`), text.replace(/^step_type: \S+/m, `step_type: ${stepType}Copy${i}`).replace(`entry_point: ${stem}.py`, `entry_point: ${copy}.py`));
    try {
      writeFileSync(join(root, 'steps/scripts', `${copy}.py`), readFileSync(join(root, 'steps/scripts', `${stem}.py`), 'utf8'));
    } catch {
      // script-less and SAIS steps have no stand-in
    }
  }
  return root;
}

export function interfaceBenchmarks(): BenchRow[] {
  const root = interfaceProject(61);
  const config = loadConfig(root);
  const rows: BenchRow[] = [];
  const cold = time(() => {
    const index = new ProjectIndexer(config).index();
    if (index.interfaces.length !== 61) throw new Error(`indexed ${index.interfaces.length} interfaces`);
  }, 9, 2);
  rows.push({ what: 'Index 61 step interfaces cold (walk, read, parse, model with variants listed)', result: fmt(cold.medianMs), note: `median of ${cold.runs}; 20 real + 41 generated` });
  const indexer = new ProjectIndexer(config);
  indexer.index();
  const warm = time(() => {
    indexer.invalidate(join(root, 'steps/interfaces/risk_table_mapping.step.yaml'));
    indexer.index();
  });
  rows.push({ what: 'Re-index after one step interface changed', result: fmt(warm.medianMs), note: `median of ${warm.runs}` });
  const index = indexer.index();
  const view = viewOf(index);
  const files = index.interfaces.map((i) => ({ path: i.file, text: readFileSync(join(root, i.file), 'utf8') }));
  let findings = 0;
  const all = time(() => {
    findings = 0;
    for (const f of files) findings += checkFile(readSpecFile(f.path, f.text)!, {}, index).length;
  }, 5, 1);
  rows.push({ what: 'Check all 61 step interfaces (I8xx and the script checks, every variant merged)', result: fmt(all.medianMs), note: `median of ${all.runs}; ${findings} findings; ${view.stepTypes().length} step types known` });
  return rows;
}
