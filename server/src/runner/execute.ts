/**
 * Runs a plan: each node once, in topological order, independent branches in parallel (up to `jobs`), each
 * node fed its upstream outputs; descendants of a failure are skipped, unchanged nodes come from the cache.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { harnessDigest, interpreterIdentity, runKey, RunCache } from './cache.js';
import { COPY_BUDGET, guardInputs, type InputCheck } from './inputs.js';
import { listOutputs, snapshotOutputs } from './outputs.js';
import { runScript } from './harness.js';
import type { Plan, PlannedNode } from './plan.js';
import type { PythonChoice } from './python.js';
import type { PythonFacts } from '../engine/python/environment.js';
import { type EdgeResult, type NodeResult, type RunReport } from './report.js';

export interface RunOptions {
  python: PythonChoice;
  /** The interpreter's facts when known: its version and distributions are part of each result's key. */
  facts?: PythonFacts;
  jobs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Reuse results of unchanged nodes (default true). */
  useCache?: boolean;
  onEvent?: (e: RunEvent) => void;
}

export type RunEvent =
  | { type: 'start'; node: string }
  | { type: 'finish'; node: string; result: NodeResult }
  | { type: 'output'; node: string; stream: 'stdout' | 'stderr'; text: string };

export async function executePlan(plan: Plan, o: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const results: Record<string, NodeResult> = {};
  const keys: Record<string, string> = {};
  const cache = new RunCache(plan.root);
  // Scripts run in the project's root (harness.ts): a pyenv shim selects its version from there.
  const interpreter = `${interpreterIdentity(o.python, o.facts, plan.root)}\0harness ${harnessDigest()}`;
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
      const p = runNode(plan, node, keys, cache, interpreter, o).then((r) => {
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

async function runNode(plan: Plan, node: PlannedNode, keys: Record<string, string>, cache: RunCache, interpreter: string, o: RunOptions): Promise<NodeResult> {
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
  const key = runKey(node, keys, interpreter);
  keys[node.name] = key;
  // Reused only while the outputs are what the run wrote: one edited, removed or added since runs the step again.
  const hit = o.useCache === false ? undefined : cache.get(key, node.outputs);
  if (hit && hit.success && Object.values(node.outputs).every((p) => existsSync(p))) {
    keys[node.name] = cache.resultKey(key);
    return { ...hit, cached: true };
  }
  const sourceInputs = Object.entries(node.inputs).filter(([n]) => !node.feeds.some((f) => f.input === n));
  const outputsBefore = snapshotOutputs(node.outputs);
  let guard: ReturnType<typeof guardInputs>;
  try {
    guard = guardInputs(plan.root, sourceInputs);
  } catch (e) {
    return { ...base, error_message: `Not run: the input data could not be protected for the run (${(e as Error).message}).` };
  }
  let run: Awaited<ReturnType<typeof runScript>>;
  let check: InputCheck;
  try {
    run = await runScript(o.python, { script: node.script!, root: plan.root, input_paths: node.inputs, output_paths: node.outputs, environ_vars: node.environ, job_args: node.jobArgs, convention: node.convention }, o.timeoutMs, o.signal, o.onEvent && ((stream, text) => o.onEvent!({ type: 'output', node: node.name, stream, text })));
  } finally {
    check = guard.release();
  }
  const modified = [...new Set(check.changes.map((c) => c.slice(0, c.indexOf(':'))))];
  const reply = run.reply;
  const notes: string[] = [];
  if (run.leftovers.length && !run.timedOut && !run.cancelled) {
    notes.push(`${run.ok ? 'main returned' : "The script's process ended"} but left ${plural(run.leftovers.length, 'process')} running (${named(run.leftovers, 'processes_killed')}); ${run.leftovers.length === 1 ? 'it was' : 'they were'} killed.`);
  }
  if (run.survivors.length) notes.push(`${plural(run.survivors.length, 'process')} of this step could not be killed and may still be running: ${named(run.survivors, 'processes_surviving')}.`);
  if (check.notCopied !== undefined) notes.push(`The input data could not be copied for the run (${check.notCopied}), so a change the script made to it would be found but not undone; free space on the disk, or make .cursus-runs/ writable.`);
  const result: NodeResult = {
    ...base,
    success: run.ok && modified.length === 0,
    status: run.timedOut ? 'timeout' : run.cancelled ? 'cancelled' : run.ok && modified.length === 0 ? 'passed' : 'failed',
    error_message: run.ok ? (modified.length ? inputsChanged(check) : null) : (reply?.error_message ?? run.problem ?? 'failed'),
    execution_time: reply?.execution_time ?? run.durationMs / 1000,
    has_main_function: reply?.has_main_function ?? false,
    loaded_as: reply?.loaded_as ?? null,
    traceback: reply?.traceback ?? [],
    stdout_tail: run.stdout.slice(-4000),
    stderr_tail: run.stderr.slice(-4000),
    outputs: listOutputs(node.outputs, outputsBefore),
    inputs_modified: modified,
    notes,
    processes_killed: run.killed,
    processes_surviving: run.survivors,
  };
  if (!run.ok && modified.length) notes.push(inputsChanged(check));
  const blocked = !run.ok && reply?.error_type === 'PermissionError' ? sourceInputs.find(([, p]) => (reply.error_message ?? '').includes(p)) : undefined;
  if (blocked) notes.push(`Input data is read-only while a step runs, and the script tried to write into input '${blocked[0]}' (${relative(plan.root, blocked[1])}). Write to an output path instead.`);
  if (result.success) {
    for (const [name, files] of Object.entries(result.outputs)) {
      if (files.length) continue;
      const old = outputsBefore[name]?.size ?? 0;
      notes.push(`Wrote no file to output '${name}' (${relative(plan.root, node.outputs[name]) || '.'})${old ? `; the ${old === 1 ? 'file' : `${old} files`} already there before the run ${old === 1 ? 'does' : 'do'} not count` : ''}.`);
    }
  }
  if (run.timedOut || run.cancelled) result.error_message = `${run.timedOut ? `Timed out after ${formatSeconds(o.timeoutMs)}` : 'Cancelled'}; ${stoppedSentence(run.killed, run.survivors)}`;
  if (result.success) {
    cache.set(key, result, node.outputs, reply?.project_modules ?? []);
    keys[node.name] = cache.resultKey(key);
  }
  return result;
}

function emptyResult(node: PlannedNode): NodeResult {
  return { script_name: node.scriptName, success: false, error_message: null, execution_time: 0, has_main_function: false, status: 'failed', cached: false, traceback: [], stdout_tail: '', stderr_tail: '', outputs: {}, inputs_modified: [], missing_inputs: [], notes: [], processes_killed: [], processes_surviving: [] };
}

function inputsChanged(check: InputCheck): string {
  const undo = check.changes.every((c) => c.endsWith(' added'))
    ? ''
    : check.restored
      ? ' The runner put the original files back from the copy it kept for the run.'
      : ` Not every file could be put back (${check.notCopied !== undefined ? 'the copy of the inputs could not be made' : `inputs over ${COPY_BUDGET / 1024 / 1024} MiB in all are not copied for a run`}): restore them from version control or a backup.`;
  return `The script changed its input data (${check.changes.join(', ')}); inputs must stay as they are.${undo}`;
}

/** What was stopped, truthfully: the processes killed, and any that could not be. */
function stoppedSentence(killed: string[], survivors: string[]): string {
  const what = killed.length ? `killed ${plural(killed.length, 'process')}: ${named(killed, 'processes_killed')}` : 'no process of the step was left to kill';
  return survivors.length ? `${what}; ${plural(survivors.length, 'process')} could not be killed and may still be running: ${named(survivors, 'processes_surviving')}.` : `${what}.`;
}

/** Processes named in a sentence: the first 10, then how many more (a fork storm kills thousands; the JSON report's `field` lists every one). */
function named(list: string[], field: string): string {
  const MOST = 10;
  return list.length <= MOST ? list.join(', ') : `${list.slice(0, MOST).join(', ')} and ${list.length - MOST} more (each in ${field} of the JSON report)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function skipped(node: PlannedNode, because: string, status: 'skipped' | 'cancelled'): NodeResult {
  return { ...emptyResult(node), status, error_message: `Not run: ${because}.`, skipped_because: because };
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
    else if (!b.success) issues.push(`${e.dst} ${downstreamVerb(b.status, e.src)}: ${b.error_message ?? b.status}`);
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
    cancelled: all.some((r) => r.status === 'cancelled'),
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
      cancelled: all.filter((r) => r.status === 'cancelled').length,
      wall_time: (Date.now() - started) / 1000,
    },
  };
}

/** How a downstream step that did not pass ended, in words: only a step that ran and failed "failed on" its input. */
function downstreamVerb(status: NodeResult['status'], src: string): string {
  switch (status) {
    case 'skipped': return 'was skipped';
    case 'cancelled': return 'was cancelled';
    case 'timeout': return 'timed out';
    case 'refused': case 'missing-input': return 'was not run';
    default: return `failed on ${src}'s output`;
  }
}

function formatOf(files: string[]): string | null {
  const exts = [...new Set(files.map((f) => (f.includes('.') ? f.split('.').pop()!.toLowerCase() : 'none')))];
  return exts.length ? exts.sort().join(',') : null;
}
