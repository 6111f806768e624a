/** Which Python a project uses, in DESIGN section 8's order (shared by the runner and the syntax check). */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';

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
 * and inode, so a replaced or upgraded interpreter (a venv recreated, an apt upgrade) is asked again. When that
 * file is a script rather than the interpreter (a pyenv shim, another version manager's wrapper), the file alone
 * does not say which Python it starts: the identity then also holds what decides that (see wrapperChoice), read
 * from `cwd`, the folder the interpreter is started in.
 */
export function interpreterStamp(command: string, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = resolveOnPath(command, env);
  if (!found) return undefined;
  const chosen = wrapperChoice(found.real, found.st.size, cwd, env);
  return chosen === undefined ? stamp(found) : `${stamp(found)}\0${chosen}`;
}

/** The file `command` runs (the first on PATH for a bare name), with its real path and stat; undefined if none. */
function resolveOnPath(command: string, env: NodeJS.ProcessEnv, skip?: (dir: string) => boolean): { real: string; st: Stats } | undefined {
  const bare = !command.includes('/') && !command.includes('\\');
  const candidates = bare ? (env.PATH ?? '').split(delimiter).filter((d) => d && !skip?.(d)).map((d) => join(d, command)) : [command];
  for (const c of candidates) {
    try {
      // Most PATH folders do not hold it: a stat that reports no entry without throwing is the cheap way to learn so.
      const st = statSync(c, { throwIfNoEntry: false });
      if (st?.isFile()) return { real: realpathSync.native(c), st };
    } catch {
      // not searchable (another user's folder), or gone meanwhile
    }
  }
  return undefined;
}

/** Scripts larger than this are not taken for wrappers (interpreters are megabytes; shims are hundreds of bytes). */
const MAX_WRAPPER_BYTES = 64 * 1024;
/** Variables that differ between two shells of one user without changing which Python a wrapper starts. */
const SHELL_NOISE = new Set(['_', 'OLDPWD', 'PWD', 'SHLVL']);

/**
 * What decides the Python a wrapper script starts, or undefined when `real` is not a script (`#!`): the
 * interpreter itself.
 * - A pyenv shim (`pyenv exec`, also pyenv-virtualenv's): the version pyenv selects, as pyenv does: PYENV_VERSION,
 *   else the nearest `.python-version` from PYENV_DIR, then from `cwd`, up to `/`, else `$PYENV_ROOT/version`,
 *   else `system`; with the stamp of each selected version's interpreter file (a version rebuilt or upgraded).
 *   `pyenv shell`, `pyenv local` and `pyenv global` thus each change the identity.
 * - Any other wrapper (asdf, a hand-written script): it may read anything, so the whole environment but shell
 *   noise, and the `.python-version` and `.tool-versions` files from `cwd` up: a changed variable or version
 *   file is never taken for the same Python (at worst a result is computed again).
 */
function wrapperChoice(real: string, size: number, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (size > MAX_WRAPPER_BYTES) return undefined;
  let head: string;
  try {
    head = readFileSync(real, 'latin1');
  } catch {
    return undefined;
  }
  if (!head.startsWith('#!')) return undefined;
  if (/\bpyenv\b/.test(head)) return pyenvChoice(real, head, cwd, env);
  const vars = Object.keys(env)
    .filter((k) => !SHELL_NOISE.has(k))
    .sort()
    .map((k) => `${k}=${env[k]}`);
  return JSON.stringify(['wrapper', vars, ...['.python-version', '.tool-versions'].map((name) => versionFile(cwd, name))]);
}

function pyenvChoice(shim: string, head: string, cwd: string, env: NodeJS.ProcessEnv): string {
  // The shim exports the PYENV_ROOT it was made for, whatever the environment says (its `export` line runs
  // unconditionally); a shim without one sits in <root>/shims (or a plugin's shims folder).
  const root = /^export PYENV_ROOT="([^"\n]+)"/m.exec(head)?.[1] || env.PYENV_ROOT || dirname(dirname(shim));
  let names: string[];
  if (env.PYENV_VERSION) {
    names = env.PYENV_VERSION.split(':');
  } else {
    const local = (env.PYENV_DIR && versionFile(env.PYENV_DIR, '.python-version')) || versionFile(cwd, '.python-version');
    const global = join(root, 'version');
    const globalText = local ? undefined : readText(global);
    const file = local ?? (globalText === undefined ? undefined : [global, globalText]);
    names = file ? versionNames(file[1]) : [];
  }
  if (names.length === 0) names = ['system'];
  const program = basename(shim);
  const shims = resolve(dirname(shim));
  const targets = names.map((name) => {
    // `system`: the first such program on PATH that is not a pyenv shim.
    const target = name === 'system' ? resolveOnPath(program, env, (dir) => resolveSafe(dir) === shims || /[\\/]\.?pyenv[\\/].*shims$/.test(dir)) : resolveOnPath(join(root, 'versions', name, 'bin', program), env);
    if (target) return stamp(target);
    // pyenv takes a name it has no folder for as a prefix (`3.12`, `python-3.12`: the newest installed 3.12.x,
    // see pyenv-latest): every installed version the prefix could pick, with its interpreter's stamp, so a 3.12.x
    // installed, removed or rebuilt later changes the identity.
    const prefix = name.replace(/^python-/, '');
    const candidates = listVersions(root)
      .filter((v) => v.startsWith(`${prefix}.`) || v.startsWith(`${prefix}-`))
      .map((v) => {
        const found = resolveOnPath(join(root, 'versions', v, 'bin', program), env);
        return `${v}=${found ? stamp(found) : 'no ' + program}`;
      });
    return `${name}: not installed; prefix of [${candidates.join(', ')}]`;
  });
  // Where the names came from is left out: `pyenv shell 3.12` and a `.python-version` saying 3.12 start the same Python.
  return JSON.stringify(['pyenv', root, names, targets]);
}

/** A file's identity: its real path with size, modification time and inode. */
function stamp(target: { real: string; st: { size: number; mtimeMs: number; ino: number } }): string {
  return `${target.real}\0${target.st.size}\0${target.st.mtimeMs}\0${target.st.ino}`;
}

/** The installed versions' folder names under `<root>/versions`, sorted; none when it cannot be read. */
function listVersions(root: string): string[] {
  try {
    return readdirSync(join(root, 'versions')).sort();
  } catch {
    return [];
  }
}

/** The version names of a `.python-version` file as pyenv reads them: the first word of each line, comments skipped. */
function versionNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((w) => w !== '' && !w.startsWith('#'));
}

/** The nearest file `name` from `dir` up to `/`, as [path, text]; undefined when there is none. */
function versionFile(dir: string, name: string): [string, string] | undefined {
  for (let at = resolve(dir); ; ) {
    const file = join(at, name);
    const text = isFile(file) ? readText(file) : undefined;
    if (text !== undefined) return [file, text];
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false; // a folder on the way that cannot be searched
  }
}

function resolveSafe(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}
