/**
 * node:child_process, loaded on first use: a command that starts no process (a fully cached run) does not pay for
 * loading it and what it pulls in (net, dgram).
 */
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';

type ChildProcessModule = typeof import('node:child_process');

let loaded: ChildProcessModule | undefined;

export function childProcess(): ChildProcessModule {
  return (loaded ??= createRequire(import.meta.url)('node:child_process') as ChildProcessModule);
}

/**
 * Lowers a process's priority (nice 10): the language server's questions to the interpreter at its start are
 * answered in the background while the server reads the project and checks the first spec, and should take the
 * cores only when those leave them idle. Where priorities cannot be set, nothing changes.
 */
export function backgroundPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, 10);
  } catch {
    // Not permitted or not supported here: the process keeps its priority.
  }
}
