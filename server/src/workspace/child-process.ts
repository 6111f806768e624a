/**
 * node:child_process, loaded on first use: a command that starts no process (a fully cached run) does not pay for
 * loading it and what it pulls in (net, dgram).
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

type ChildProcessModule = typeof import('node:child_process');

let loaded: ChildProcessModule | undefined;

export function childProcess(): ChildProcessModule {
  return (loaded ??= createRequire(import.meta.url)('node:child_process') as ChildProcessModule);
}

/**
 * The command line that starts `command args` at a lower priority (nice 10) from its first instruction, through
 * the system's `nice` (which execs the command, so the process id is the command's): a process whose priority is
 * lowered after it started may already have started children of its own at the normal one (a pyenv shim runs
 * the interpreter as its child). `niced` is false (the command unchanged; lower it with backgroundPriority) where
 * there is no `nice`, or the command is not an executable file `nice` could start: its failure to start is then
 * reported as the command's own.
 */
export function atBackgroundPriority(command: string, args: string[]): { command: string; args: string[]; niced: boolean } {
  const nice = process.platform === 'win32' ? undefined : executable('nice');
  if (!nice || !executable(command)) return { command, args, niced: false };
  return { command: nice, args: ['-n', '10', command, ...args], niced: true };
}

function executable(command: string): string | undefined {
  const runnable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (isAbsolute(command) || command.includes('/')) return runnable(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && runnable(join(dir, command))) return join(dir, command);
  return undefined;
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
