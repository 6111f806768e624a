/**
 * The server's start, while the editor is still opening files: the workspace's interpreter is asked what the
 * checks need (its facts and the scripts' syntax verdicts, in processes of their own), its contracts and scripts
 * are read, and, when no document is waiting by then, the checks run once on a small made-up pipeline so that
 * the JIT has compiled the hot paths before the first request.
 */
import { AnalysisCache, checkFile, readSpecFile } from '../engine/index.js';
import type { Analyzer } from './analysis.js';

/** A pause after reading the project, in which messages that came meanwhile are handled. */
const SETTLE_MS = 20;

/** `waiting`: whether a document is waiting to be checked (then its own check warms the JIT instead). */
export async function warmUp(analyzer: Analyzer, waiting: () => boolean): Promise<void> {
  analyzer.startAsking(undefined);
  const config = analyzer.configFor(undefined);
  const index = analyzer.indexerFor(config).index();
  for (const s of index.scripts) s.read();
  // Let the messages that arrived meanwhile (the editor's first didOpen) be read and handled before deciding.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  if (waiting()) return;
  const names = index.scripts.slice(0, 40).map((s) => s.name);
  while (names.length < 40) names.push(`warm_up_${names.length}`);
  const spec = [
    'dag:',
    `  nodes: [${names.map((n) => `n_${n}`).join(', ')}]`,
    '  edges:',
    ...names.slice(1).map((n, i) => `    - [n_${names[i]}, n_${n}]`),
    'script_specs:',
    ...names.map((n) => `  n_${n}:\n    script_name: ${n}\n    step_name: n_${n}\n    input_paths:\n      data: in/${n}\n    output_paths:\n      data: out/${n}\n    environ_vars:\n      A: "1"`),
  ].join('\n');
  const cache = new AnalysisCache();
  const file = readSpecFile('warm-up.pipeline.yaml', spec, undefined, cache);
  if (file) checkFile(file, { rules: config.rules }, analyzer.indexerFor(config).index(), cache);
}
