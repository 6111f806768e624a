/** Which Python a project uses, in DESIGN section 8's order (shared by the runner and the syntax check). */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface PythonChoice {
  command: string;
  /** Where the choice came from, for messages: `--python`, `setting`, `CURSUS_PYTHON`, ... */
  source: string;
}

export interface PythonOptions {
  explicit?: string;
  setting?: string;
  root: string;
  env?: NodeJS.ProcessEnv;
}

/** `--python`, the setting, `CURSUS_PYTHON`, an active virtualenv, `<root>/.venv`, then `python3`. */
export function choosePython(o: PythonOptions): PythonChoice {
  const env = o.env ?? process.env;
  if (o.explicit) return { command: o.explicit, source: '--python' };
  if (o.setting) return { command: o.setting, source: 'the python setting' };
  if (env.CURSUS_PYTHON) return { command: env.CURSUS_PYTHON, source: 'CURSUS_PYTHON' };
  const bin = process.platform === 'win32' ? join('Scripts', 'python.exe') : join('bin', 'python');
  if (env.VIRTUAL_ENV && existsSync(join(env.VIRTUAL_ENV, bin))) return { command: join(env.VIRTUAL_ENV, bin), source: 'the active virtualenv' };
  if (existsSync(join(o.root, '.venv', bin))) return { command: join(o.root, '.venv', bin), source: '.venv' };
  return { command: process.platform === 'win32' ? 'python' : 'python3', source: 'PATH' };
}

/**
 * The interpreter's file as an identity: its real path (through PATH and symlinks) with size, modification time
 * and inode, so a replaced or upgraded interpreter (a venv recreated, an apt upgrade) is asked again.
 */
export function interpreterStamp(command: string): string | undefined {
  const candidates = command.includes('/') || command.includes('\\') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, command));
  for (const c of candidates) {
    try {
      const real = realpathSync(c);
      const st = statSync(real);
      if (!st.isFile()) continue;
      return `${real}\0${st.size}\0${st.mtimeMs}\0${st.ino}`;
    } catch {
      // not here
    }
  }
  return undefined;
}
