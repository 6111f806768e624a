/**
 * The server's start, while the editor is still opening files: the workspace's interpreter is asked what the
 * checks need (its facts and the scripts' syntax verdicts, in processes of their own), its contracts and scripts
 * are read in a worker thread (started with the server, see read-ahead.ts), and meanwhile, when no document is waiting yet, the checks run once on a small
 * made-up pipeline so that the JIT has compiled the hot paths before the first spec is checked.
 */
import { AnalysisCache, checkFile, emptyProject, readSpecFile, type ProjectIndex } from '../engine/index.js';
import type { Analyzer } from './analysis.js';
import { traceStage } from './trace.js';
import { releaseReader } from '../workspace/read-ahead.js';

/** A pause after starting the reads, in which messages that came meanwhile are handled. */
const SETTLE_MS = 20;
/** Steps of the made-up pipeline. */
const STEPS = 40;

/** `waiting`: whether a document is waiting to be checked (then its own check warms the JIT instead). */
export async function warmUp(analyzer: Analyzer, waiting: () => boolean): Promise<void> {
  traceStage('warmup_start');
  analyzer.startAsking(undefined);
  // The worker started with the server was given the project's files, or the project has none to read ahead.
  void releaseReader();
  traceStage('warmup_asked');
  const config = analyzer.configFor(undefined);
  const indexer = analyzer.indexerFor(config);
  // Let the messages that arrived meanwhile (the editor's first didOpen) be read and handled before deciding.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  if (!waiting()) {
    const cache = new AnalysisCache();
    const file = readSpecFile('warm-up.pipeline.yaml', madeUpPipeline(), undefined, cache);
    const { exists, linkEscape, readText } = indexer.probes();
    if (file) checkFile(file, { rules: config.rules }, madeUpProject({ exists, linkEscape, readText }), cache);
    traceStage('warmup_checked');
  }
  await indexer.readAheadDone();
  traceStage('warmup_read');
  // The index is built from the worker's readings before a spec needs it (a waiting spec's check may build it first).
  const index = analyzer.indexerFor(config).index();
  for (const s of index.scripts) s.read();
  traceStage('warmup_indexed');
}

const names = Array.from({ length: STEPS }, (_, i) => `warm_up_${i}`);

function madeUpPipeline(): string {
  return [
    'dag:',
    `  nodes: [${names.map((n) => `n_${n}`).join(', ')}]`,
    '  edges:',
    ...names.slice(1).map((n, i) => `    - [n_${names[i]}, n_${n}]`),
    'script_specs:',
    ...names.map((n) => `  n_${n}:\n    script_name: ${n}\n    step_name: n_${n}\n    input_paths:\n      data: in/${n}\n      extra: in/${n}/extra\n    output_paths:\n      data: out/${n}\n    environ_vars:\n      A: "1"\n    job_args:\n      job_type: training`),
  ].join('\n');
}

/** The real project's questions to the disk, with no contracts or scripts (the worker is reading those). */
function madeUpProject(probes: Pick<ProjectIndex, 'exists' | 'linkEscape' | 'readText'>): ProjectIndex {
  return { ...emptyProject(), ...probes, version: -1 };
}
