/** Executed discovery: imports contract modules in a child Python process and reads the exact values. */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ProjectIndexer } from '../workspace/project-index.js';
import { HARNESS_DIR, runPython, type PythonChoice } from './python.js';

const Frame = z.object({ file: z.string(), line: z.number().nullable(), name: z.string() });

/** The harness's reply: the one wire format of executed discovery. */
export const ContractReply = z.object({
  contracts: z.array(
    z.object({
      file: z.string(),
      name: z.string(),
      entry_point: z.unknown(),
      expected_input_paths: z.unknown(),
      expected_output_paths: z.unknown(),
      required_env_vars: z.unknown(),
      optional_env_vars: z.unknown(),
      expected_arguments: z.unknown(),
      framework_requirements: z.unknown(),
      description: z.unknown(),
    }),
  ),
  errors: z.array(z.object({ file: z.string(), error: z.string(), frames: z.array(Frame) })),
});

export type ExecutedContract = z.infer<typeof ContractReply>['contracts'][number];

export interface ExecError {
  /** Absolute path of the module that failed. */
  file: string;
  message: string;
  /** The deepest frame inside that module, when the error happened there. */
  line?: number;
}

export interface ExecResult {
  contracts: ExecutedContract[];
  errors: ExecError[];
}

/** Imports each file's contracts (`names` as found statically) and returns their values or the errors. */
export async function executeContracts(python: PythonChoice, root: string, files: { file: string; names: string[] }[], timeoutMs: number, signal?: AbortSignal): Promise<ExecResult> {
  if (files.length === 0) return { contracts: [], errors: [] };
  const request = JSON.stringify({ root, files: files.map((f) => ({ file: resolve(root, f.file), names: f.names })) });
  const r = await runPython(python.command, [join(HARNESS_DIR, 'cursus_contracts.py')], { cwd: root, input: request, timeoutMs, signal });
  const fail = (message: string): ExecResult => ({ contracts: [], errors: files.map((f) => ({ file: resolve(root, f.file), message })) });
  if (r.startError) return fail(`Python '${python.command}' (from ${python.source}) could not be started: ${r.startError}`);
  if (r.timedOut) return fail(`Loading the contracts took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`);
  if (r.cancelled) return fail('Loading the contracts was cancelled.');
  const lastLine = r.stdout.trim().split('\n').pop() ?? '';
  let parsed;
  try {
    parsed = ContractReply.safeParse(JSON.parse(lastLine));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) return fail(`The contract loader failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`);
  return {
    contracts: parsed.data.contracts,
    errors: parsed.data.errors.map((e) => {
      const own = [...e.frames].reverse().find((f) => resolve(f.file) === resolve(e.file));
      return { file: e.file, message: e.error, ...(own?.line ? { line: own.line } : {}) };
    }),
  };
}

/**
 * Loads, by executing them, the contract files of a project whose values the static reader left unresolved;
 * the values stand in for the static reading until the file changes. Returns the failures per module.
 */
export async function loadUnresolvedContracts(indexer: ProjectIndexer, python: PythonChoice, timeoutMs: number, signal?: AbortSignal): Promise<{ files: string[]; result: ExecResult }> {
  const root = indexer.config.root;
  const pending = new Map<string, string[]>();
  for (const c of indexer.index().contracts) {
    if (c.unresolved.length === 0) continue;
    const abs = resolve(root, c.file);
    pending.set(abs, [...(pending.get(abs) ?? []), c.name]);
  }
  const files = [...pending.keys()];
  const result = await executeContracts(python, root, [...pending].map(([file, names]) => ({ file, names })), timeoutMs, signal);
  for (const file of files) indexer.applyExecuted(file, result.contracts.filter((c) => resolve(c.file) === file));
  return { files, result };
}
