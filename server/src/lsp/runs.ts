/** Runs started from the editor: the run itself (with progress and cancel), and what is remembered of it. */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver/node';
import { findRule, severityFor, type AnalysedFile, type RunMemory } from '../engine/index.js';
import { executePlan } from '../runner/execute.js';
import { toMemory } from '../runner/memory.js';
import { buildPlan, type PlannedNode, type Selection } from '../runner/plan.js';
import { checkPython, choosePython } from '../runner/python.js';
import type { RunReport } from '../runner/report.js';
import { rulesFor, type ProjectConfig } from '../workspace/config.js';
import type { ProjectIndex } from '../engine/index.js';
import { ruleDocHref } from './convert.js';

export interface StoredRun {
  memory: RunMemory;
  /** What each node's result depended on when it ran: the spec's text and the script's and contract's files. */
  fingerprints: Record<string, string>;
  report: RunReport;
  /** Script files that got a traceback diagnostic, to clear on the next run. */
  scriptUris: string[];
}

export function fingerprint(file: AnalysedFile, node: Pick<PlannedNode, 'spec' | 'script' | 'contract'>, root: string): string {
  const h = createHash('sha1');
  h.update(file.text.slice(node.spec.region.start, node.spec.region.end));
  for (const p of [node.script, node.contract ? resolve(root, node.contract.file) : undefined]) {
    if (!p) continue;
    try {
      const st = statSync(p);
      h.update(`${p}:${st.mtimeMs}:${st.size}`);
    } catch {
      h.update(`${p}:missing`);
    }
  }
  return h.digest('hex');
}

/** The stored memory with each result marked stale when what it depended on changed since. */
export function withStaleness(stored: StoredRun, file: AnalysedFile, index: ProjectIndex, config: ProjectConfig): RunMemory {
  const plan = buildPlan(file, index, config.root, config.semanticThreshold);
  const current = new Map(plan.nodes.map((n) => [n.name, fingerprint(file, n, config.root)]));
  const nodes: RunMemory['nodes'] = {};
  for (const [name, r] of Object.entries(stored.memory.nodes)) nodes[name] = { ...r, stale: current.get(name) !== stored.fingerprints[name] };
  const edges: RunMemory['edges'] = {};
  for (const [key, e] of Object.entries(stored.memory.edges)) {
    const [src, dst] = key.split('->');
    edges[key] = { ...e, stale: Boolean(nodes[src]?.stale || nodes[dst]?.stale) };
  }
  return { nodes, edges };
}

const inFlight = new Set<AbortController>();

/** Cancels every run started from the editor (on shutdown): their processes are killed, their results say cancelled. */
export function cancelEditorRuns(): void {
  for (const c of inFlight) c.abort();
}

/** Runs a selection of a spec with work-done progress and cancellation; returns what to remember. */
export async function runFromEditor(connection: Connection, file: AnalysedFile, index: ProjectIndex, config: ProjectConfig, selection: Selection, previous?: StoredRun): Promise<StoredRun> {
  const python = choosePython({ setting: config.python, root: config.root });
  const problem = await checkPython(python, config.root, true);
  if (problem) throw new Error(problem);
  const plan = buildPlan(file, index, config.root, config.semanticThreshold, selection);
  if (plan.errors.length) throw new Error(plan.errors.join(' '));
  const progress = await connection.window.createWorkDoneProgress();
  const controller = new AbortController();
  progress.begin(selection.kind === 'all' ? 'Running the pipeline' : selection.kind === 'node' ? `Running ${selection.node}` : `Running ${selection.src} -> ${selection.dst}`, 0, undefined, true);
  progress.token.onCancellationRequested(() => controller.abort());
  inFlight.add(controller);
  let finished = 0;
  let report: RunReport;
  try {
    report = await executePlan(plan, {
      python,
      jobs: config.jobs ?? availableParallelism(),
      timeoutMs: config.timeout * 1000,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'start') progress.report(Math.round((finished / plan.nodes.length) * 100), `${e.node}...`);
        else if (e.type === 'finish') progress.report(Math.round((++finished / plan.nodes.length) * 100), `${e.node}: ${e.result.status}${e.result.cached ? ' (unchanged)' : ''}`);
      },
    });
  } finally {
    inFlight.delete(controller);
    progress.done();
  }
  // Merge into what was remembered, so running one node keeps the others' last results.
  const memory = toMemory(report, config.root);
  const fingerprints = { ...(previous?.fingerprints ?? {}) };
  for (const n of plan.nodes) fingerprints[n.name] = fingerprint(file, n, config.root);
  const merged: RunMemory = { nodes: { ...(previous?.memory.nodes ?? {}), ...memory.nodes }, edges: { ...(previous?.memory.edges ?? {}), ...memory.edges } };
  for (const uri of previous?.scriptUris ?? []) void connection.sendDiagnostics({ uri, diagnostics: [] });
  const scriptUris = publishTracebacks(connection, report, config);
  return { memory: merged, fingerprints, report, scriptUris };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** A failing script gets the error on the line that raised, in its own file, at R700's configured severity (none when off). */
function publishTracebacks(connection: Connection, report: RunReport, config: ProjectConfig): string[] {
  const root = config.root;
  const byUri = new Map<string, { line: number; message: string; severity: DiagnosticSeverity }[]>();
  for (const [node, r] of Object.entries(report.script_results)) {
    if (r.status !== 'failed') continue;
    const frame = [...r.traceback].reverse().find((f) => f.line && resolve(f.file).startsWith(resolve(root)));
    if (!frame?.line) continue;
    const setting = severityFor(findRule('R700')!.meta, rulesFor(config, relative(root, resolve(frame.file)).split('\\').join('/')));
    if (setting === 'off') continue;
    const uri = pathToFileURL(frame.file).href;
    byUri.set(uri, [...(byUri.get(uri) ?? []), { line: frame.line - 1, message: `Run of '${node}' failed here: ${r.error_message}`, severity: SEVERITY[setting] }]);
  }
  for (const [uri, list] of byUri) {
    void connection.sendDiagnostics({
      uri,
      diagnostics: list.map((d) => ({ range: { start: { line: d.line, character: 0 }, end: { line: d.line, character: 1000 } }, severity: d.severity, code: 'R700', codeDescription: { href: ruleDocHref('R700') }, source: 'cursus-lsp', message: d.message })),
    });
  }
  return [...byUri.keys()];
}
