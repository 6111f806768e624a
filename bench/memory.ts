/**
 * The garbage behind the resident-memory rows, counted rather than sampled: the JavaScript heap one typed
 * character costs on the 1,000-node pipeline, on the server's own path (Analyzer, DiagnosticEncoder, the bytes of
 * the publishDiagnostics message), in this process. V8 grows its heap from this garbage while the keystrokes
 * come (see the notes in docs/benchmarks.md); unlike a resident-memory reading it does not depend on when the
 * collector last ran or on the machine's load.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from '../server/src/lsp/analysis.js';
import { DiagnosticEncoder } from '../server/src/lsp/convert.js';
import { messageBytes } from '../server/src/lsp/wire.js';
import { pipelineSpec } from './generate.js';
import type { BenchRow } from './row.js';
import { benchTempDir } from './temp.js';

const KEYSTROKES = 200;

/** Bytes allocated on the JavaScript heap while `work` runs: what each collection found, plus what is left. */
function allocatedBy(work: () => void): number {
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  work();
  const after = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  const used = (spaces: { spaceUsedSize: number }[]) => spaces.reduce((sum, s) => sum + s.spaceUsedSize, 0);
  let allocated = 0;
  let last = before;
  for (const gc of statistics) {
    allocated += used(gc.beforeGC.heapSpaceStatistics) - last;
    last = used(gc.afterGC.heapSpaceStatistics);
  }
  return allocated + after - last;
}

export function memoryBenchmarks(): BenchRow[] {
  const root = benchTempDir('cursus-bench-memory-');
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "bench"\n');
  const text = pipelineSpec(1000);
  const file = join(root, 'bench.pipeline.yaml');
  writeFileSync(file, text);
  const analyzer = new Analyzer(root);
  analyzer.pythonAllowed = false;
  const encoder = new DiagnosticEncoder();
  let doc = TextDocument.create(pathToFileURL(file).href, 'yaml', 1, text);
  let bytes = 0;
  const publish = () => {
    const result = analyzer.analyse(doc);
    const diagnostics = encoder.encode(doc.uri, result.file!.lines, result.diagnostics, (rel) => pathToFileURL(join(root, rel)).href);
    bytes += messageBytes({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: doc.uri, version: doc.version, diagnostics } } as never).length;
    return result.diagnostics.length;
  };
  const findings = publish();
  // As the LSP sessions type: a new character each time at the end of an env value of the middle spec.
  const at = doc.positionAt(text.indexOf('LABEL_FIELD: label', Math.floor(text.length / 2)) + 'LABEL_FIELD: label'.length);
  let typed = 0;
  const type = () => {
    const position = { line: at.line, character: at.character + typed };
    const ch = String.fromCharCode(97 + (typed++ % 26));
    doc = TextDocument.update(doc, [{ range: { start: position, end: position }, text: ch }], doc.version + 1);
    publish();
  };
  for (let i = 0; i < 20; i++) type();
  const allocated = allocatedBy(() => {
    for (let i = 0; i < KEYSTROKES; i++) type();
  });
  return [
    {
      what: 'LSP n1000, in process on the server\'s path: JavaScript heap allocated per typed character (analysis, diagnostics encoded, message bytes)',
      result: `${(allocated / KEYSTROKES / 1e6).toFixed(2)} MB`,
      note: `${KEYSTROKES} characters typed into an env value of the middle spec, counted with v8.GCProfiler (independent of load); ${findings} findings, ${(bytes / (KEYSTROKES + 21) / 1024).toFixed(0)} KiB a message`,
    },
  ];
}
