/** One script run through the Python harness: the wire format (one zod schema) and the call. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { HARNESS_DIR, runPython, type PythonChoice } from './python.js';

/** The harness's reply, made when a script first ran: a fully cached `run` builds no schema it does not use. */
function harnessReply() {
  const Frame = z.object({ file: z.string(), line: z.number().nullable(), name: z.string(), code: z.string().optional() });
  return z.object({
    success: z.boolean(),
    phase: z.enum(['import', 'main']).optional(),
    error_type: z.string().optional(),
    error_message: z.string().optional(),
    traceback: z.array(Frame).default([]),
    has_main_function: z.boolean().default(false),
    execution_time: z.number().default(0),
    /** `standalone` (on its own, as Cursus loads it) or `package` (its package context, ancestor `__init__.py` not run). */
    loaded_as: z.enum(['standalone', 'package']).nullable().default(null),
    module_name: z.string().optional(),
    /** Processes below the harness still alive when main returned (pid and start time). */
    descendants: z.array(z.object({ pid: z.number(), start: z.number() })).default([]),
    /** The files of the modules the script imported from the project (absolute paths). */
    project_modules: z.array(z.string()).default([]),
  });
}
let HarnessReply: ReturnType<typeof harnessReply> | undefined;

export type HarnessReplyT = z.infer<ReturnType<typeof harnessReply>>;

export interface ScriptRun {
  ok: boolean;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  /** The last part of what the script printed (bounded). */
  stdout: string;
  stderr: string;
  exitCode?: number;
  reply?: HarnessReplyT;
  /** Why there is no reply (the interpreter did not start, the process died, the timeout). */
  problem?: string;
  /** Processes still running after the script's process had ended (they were killed). */
  leftovers: string[];
  /** Every process of the run that was killed, as `pid (command)`. */
  killed: string[];
  /** Processes of the run that could not be killed. */
  survivors: string[];
}

export interface ScriptRequest {
  script: string;
  root: string;
  input_paths: Record<string, string>;
  output_paths: Record<string, string>;
  environ_vars: Record<string, string>;
  job_args: Record<string, unknown>;
  /** How main is called (see PlannedNode.convention); the harness's default is Cursus's RuntimeTester. */
  convention?: 'runtime-testing' | 'cursus-2.9';
}

/**
 * The temporary folders of runs in progress. A run that ends removes its own; the process ending meanwhile (a
 * second signal to the CLI, the server's `exit`) removes them all on its way out, and when it is killed outright
 * the harness removes its folder itself (cursus_harness.py, on the kernel's parent-death signal).
 */
const liveDirs = new Set<string>();

function removeLiveDirs(): void {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

export async function runScript(python: PythonChoice, request: ScriptRequest, timeoutMs: number, signal?: AbortSignal, onOutput?: (stream: 'stdout' | 'stderr', text: string) => void): Promise<ScriptRun> {
  const dir = mkdtempSync(join(tmpdir(), 'cursus-run-'));
  if (liveDirs.size === 0 && !process.listeners('exit').includes(removeLiveDirs)) process.on('exit', removeLiveDirs);
  liveDirs.add(dir);
  const replyPath = join(dir, 'reply.json');
  try {
    const r = await runPython(python.command, [join(HARNESS_DIR, 'cursus_harness.py')], {
      cwd: request.root,
      input: JSON.stringify({ ...request, reply: replyPath }),
      timeoutMs,
      signal,
      env: request.environ_vars,
      onOutput,
      reported: () => readReply(replyPath)?.descendants ?? [],
    });
    const reply = readReply(replyPath);
    const problem = r.startError
      ? `Python '${python.command}' (from ${python.source}) could not be started: ${r.startError}`
      : r.timedOut
        ? `timed out after ${Math.round(timeoutMs / 1000)} s`
        : r.cancelled
          ? 'cancelled'
          : !reply
            ? `the script's process ended without a result (exit code ${r.exitCode ?? 'none'})${lastLine(r.stderr)}`
            : undefined;
    return { ok: Boolean(reply?.success) && !r.timedOut && !r.cancelled, timedOut: r.timedOut, cancelled: r.cancelled, durationMs: r.durationMs, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, reply, problem, leftovers: r.leftovers, killed: r.killed, survivors: r.survivors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }
}

function readReply(path: string): HarnessReplyT | undefined {
  try {
    const parsed = (HarnessReply ??= harnessReply()).safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function lastLine(s: string): string {
  const line = s.trim().split('\n').pop();
  return line ? `: ${line.slice(0, 300)}` : '';
}
