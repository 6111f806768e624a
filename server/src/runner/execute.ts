/**
 * Runs a plan: each node once, in topological order, independent branches in parallel (up to `jobs`), each
 * node fed its upstream outputs; descendants of a failure are skipped, unchanged nodes come from the cache.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hashPath, runKey, RunCache } from './cache.js';
import { runScript } from './harness.js';
import type { Plan, PlannedNode } from './plan.js';
import type { PythonChoice } from './python.js';
import { isValidOutputFile, type EdgeResult, type NodeResult, type RunReport } from './report.js';

export interface RunOptions {
  python: PythonChoice;
  jobs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Reuse results of unchanged nodes (default true). */
  useCache?: boolean;
  onEvent?: (e: RunEvent) => void;
}

export type RunEvent = { type: 'start'; node: string } | { type: 'finish'; node: string; result: NodeResult };

export async function executePlan(plan: Plan, o: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const results: Record<string, NodeResult> = {};
  const keys: Record<string, string> = {};
  const cache = new RunCache(plan.root);
  const order = plan.nodes.map((n) => n.name);
  if (plan.errors.length) return finish(plan, results, order, started, plan.errors);

  const pending = new Set(plan.nodes);
  const running = new Map<PlannedNode, Promise<void>>();
  const done = (name: string) => results[name] !== undefined;
  const succeeded = (name: string) => results[name]?.success === true;

  while (pending.size || running.size) {
    for (const node of [...pending]) {
      if (!node.upstream.every(done)) continue;
      const failedUp = node.upstream.find((u) => !succeeded(u));
      if (failedUp !== undefined || o.signal?.aborted) {
        pending.delete(node);
        results[node.name] = skipped(node, o.signal?.aborted ? 'the run was cancelled' : `upstream '${failedUp}' did not succeed`, o.signal?.aborted ? 'cancelled' : 'skipped');
        o.onEvent?.({ type: 'finish', node: node.name, result: results[node.name] });
        continue;
      }
      if (running.size >= Math.max(1, o.jobs)) break;
      pending.delete(node);
      o.onEvent?.({ type: 'start', node: node.name });
      const p = runNode(plan, node, keys, cache, o).then((r) => {
        results[node.name] = r;
        running.delete(node);
        o.onEvent?.({ type: 'finish', node: node.name, result: r });
      });
      running.set(node, p);
    }
    if (running.size) await Promise.race(running.values());
    else if (pending.size && [...pending].every((n) => !n.upstream.every(done))) break;
  }
  for (const node of pending) results[node.name] = skipped(node, `upstream ${node.upstream.filter((u) => !done(u)).join(', ')} has no result`, 'skipped');
  if (o.useCache !== false) cache.save();
  return finish(plan, results, order, started, []);
}

async function runNode(plan: Plan, node: PlannedNode, keys: Record<string, string>, cache: RunCache, o: RunOptions): Promise<NodeResult> {
  const base = emptyResult(node);
  if (node.provided) {
    const absent = Object.entries(node.outputs).filter(([, p]) => !existsSync(p));
    if (absent.length) {
      const list = absent.map(([n, p]) => `${n} (${relative(plan.root, p)})`).join(', ');
      return { ...base, status: 'missing-input', missing_inputs: absent.map(([n]) => n), error_message: `No data at ${list}: this step has no local script (run: false), so its outputs are data you provide.` };
    }
    return { ...base, success: true, status: 'provided', outputs: listOutputs(node.outputs) };
  }
  if (node.refused) return { ...base, status: 'refused', error_message: `Not run: ${node.refused}.` };
  const missing = Object.entries(node.inputs).filter(([, p]) => !existsSync(p));
  if (missing.length) {
    const list = missing.map(([n, p]) => `${n} (${relative(plan.root, p)})`).join(', ');
    return { ...base, status: 'missing-input', missing_inputs: missing.map(([n]) => n), error_message: `Missing input data: ${list}. Cursus runs no script whose inputs are missing; add test data or fix the paths.` };
  }
  const key = runKey(node, keys);
  keys[node.name] = key;
  const hit = o.useCache === false ? undefined : cache.get(key);
  if (hit && hit.success && Object.values(node.outputs).every((p) => existsSync(p))) return { ...hit, cached: true };
  const sourceInputs = Object.entries(node.inputs).filter(([n]) => !node.feeds.some((f) => f.input === n));
  const before = new Map(sourceInputs.map(([n, p]) => [n, hashPath(p)]));
  const run = await runScript(o.python, { script: node.script!, root: plan.root, input_paths: node.inputs, output_paths: node.outputs, environ_vars: node.environ, job_args: node.jobArgs, convention: node.convention }, o.timeoutMs, o.signal);
  const modified = sourceInputs.filter(([n, p]) => hashPath(p) !== before.get(n)).map(([n]) => n);
  const reply = run.reply;
  const result: NodeResult = {
    ...base,
    success: run.ok && modified.length === 0,
    status: run.timedOut ? 'timeout' : run.cancelled ? 'cancelled' : run.ok && modified.length === 0 ? 'passed' : 'failed',
    error_message: run.ok ? (modified.length ? `The script changed its input data (${modified.join(', ')}); inputs must stay as they are.` : null) : (reply?.error_message ?? run.problem ?? 'failed'),
    execution_time: reply?.execution_time ?? run.durationMs / 1000,
    has_main_function: reply?.has_main_function ?? false,
    traceback: reply?.traceback ?? [],
    stdout_tail: run.stdout.slice(-4000),
    stderr_tail: run.stderr.slice(-4000),
    outputs: listOutputs(node.outputs),
    inputs_modified: modified,
  };
  if (run.timedOut) result.error_message = `Timed out after ${Math.round(o.timeoutMs / 1000)} s; the script and every process it started were stopped.`;
  if (result.success) cache.set(key, result);
  return result;
}

function emptyResult(node: PlannedNode): NodeResult {
  return { script_name: node.scriptName, success: false, error_message: null, execution_time: 0, has_main_function: false, status: 'failed', cached: false, traceback: [], stdout_tail: '', stderr_tail: '', outputs: {}, inputs_modified: [], missing_inputs: [] };
}

function skipped(node: PlannedNode, because: string, status: 'skipped' | 'cancelled'): NodeResult {
  return { ...emptyResult(node), status, error_message: `Not run: ${because}.`, skipped_because: because };
}

function listOutputs(outputs: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, path] of Object.entries(outputs)) {
    const files: string[] = [];
    const visit = (p: string, rel: string) => {
      let st;
      try {
        st = statSync(p);
      } catch {
        return;
      }
      if (st.isDirectory()) {
        if (/^(__pycache__|\.cache|\..+)$/.test(rel.split('/').pop() ?? '') && rel) return;
        for (const f of readdirSync(p).sort()) visit(join(p, f), rel ? `${rel}/${f}` : f);
      } else if (isValidOutputFile(rel.split('/').pop() ?? rel, st.size)) {
        files.push(rel || path.split('/').pop()!);
      }
    };
    visit(path, '');
    out[name] = files;
  }
  return out;
}

function finish(plan: Plan, results: Record<string, NodeResult>, order: string[], started: number, errors: string[]): RunReport {
  const flows: Record<string, EdgeResult> = {};
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  for (const e of plan.edges) {
    const a = results[e.src];
    const b = results[e.dst];
    if (!a || !b) continue;
    const issues: string[] = [];
    if (e.matches.length === 0) issues.push(`No logical-name match between the outputs of ${e.src} and the inputs of ${e.dst} (M500).`);
    const fed = byName.get(e.dst)?.feeds.filter((f) => f.from === e.src) ?? [];
    for (const f of fed) if (a.success && (a.outputs[f.output] ?? []).length === 0) issues.push(`${e.src} wrote no valid file to '${f.output}', which feeds '${f.input}' of ${e.dst}.`);
    if (!a.success) issues.push(`${e.src} did not succeed: ${a.error_message ?? a.status}`);
    else if (!b.success) issues.push(`${e.dst} ${b.status === 'skipped' ? 'was skipped' : `failed on ${e.src}'s output`}: ${b.error_message ?? b.status}`);
    const fmt = (r: NodeResult, names: string[]) => formatOf(names.flatMap((n) => r.outputs[n] ?? []));
    flows[`${e.src}->${e.dst}`] = {
      script_a: a.script_name,
      script_b: b.script_name,
      compatible: issues.length === 0,
      compatibility_issues: issues,
      data_format_a: fmt(a, fed.map((f) => f.output)),
      data_format_b: fmt(b, Object.keys(b.outputs)),
      matches: e.matches.map((m) => ({ output: m.source, input: m.dest, match_type: m.type, confidence: m.confidence })),
    };
  }
  const all = Object.values(results);
  const failedNodes = Object.entries(results).filter(([, r]) => !r.success);
  const allErrors = [...errors, ...failedNodes.filter(([, r]) => r.status !== 'skipped').map(([n, r]) => `${n}: ${r.error_message}`)];
  return {
    pipeline_success: errors.length === 0 && failedNodes.length === 0 && Object.values(flows).every((f) => f.compatible) && all.length === plan.nodes.length,
    execution_order: order,
    script_results: results,
    data_flow_results: flows,
    errors: allErrors,
    stats: {
      executed: all.filter((r) => !r.cached && r.status !== 'skipped' && r.status !== 'refused' && r.status !== 'missing-input' && r.status !== 'cancelled' && r.status !== 'provided').length,
      cached: all.filter((r) => r.cached).length,
      skipped: all.filter((r) => r.status === 'skipped').length,
      failed: failedNodes.filter(([, r]) => r.status !== 'skipped' && r.status !== 'cancelled').length,
      wall_time: (Date.now() - started) / 1000,
    },
  };
}

function formatOf(files: string[]): string | null {
  const exts = [...new Set(files.map((f) => (f.includes('.') ? f.split('.').pop()!.toLowerCase() : 'none')))];
  return exts.length ? exts.sort().join(',') : null;
}
