/**
 * What the engine knows of the project beyond one spec file: the contracts and scripts the workspace layer
 * discovered, and a way to ask whether a path exists. Plain data plus lookups; the IO stays with the caller.
 */
import { posix } from 'node:path';
import type { ContractInfo } from './python/contracts.js';
import type { ScriptInfo } from './python/scripts.js';

export interface ScriptFile {
  /** Project-relative path, forward slashes. */
  path: string;
  /** The file name without `.py`. */
  name: string;
  /** Reads and parses the script on first use (the workspace layer supplies the text). */
  read(): ScriptInfo | undefined;
}

export interface ProjectIndex {
  contracts: ContractInfo[];
  scripts: ScriptFile[];
  /** Other Python files by base name (`x.py`), for entry points that live outside the script folders. */
  otherPython: Map<string, ScriptFile[]>;
  /** The project root (absolute), when known. */
  root?: string;
  /** Whether a project-relative (or absolute) path exists on disk; absent when the caller cannot tell. */
  exists?(path: string): boolean;
  /** The text of a project file (project-relative or absolute), if it can be read; for files a spec names, such as a pipeline configuration. */
  readText?(path: string): string | undefined;
  /** Any Python file by project-relative path (for an explicit `script_path`), if it exists. */
  pythonFile(path: string): ScriptFile | undefined;
  /** Bumped whenever the index changes, so dependants can tell a stale view. */
  version: number;
}

export function emptyProject(): ProjectIndex {
  return { contracts: [], scripts: [], otherPython: new Map(), pythonFile: () => undefined, version: 0 };
}

/** Precomputed lookups over one version of the index. */
export class ProjectView {
  private readonly byEntryPoint = new Map<string, ContractInfo[]>();
  private readonly scriptsByName = new Map<string, ScriptFile[]>();

  constructor(readonly index: ProjectIndex) {
    for (const c of index.contracts) {
      if (!c.entryPoint) continue;
      const key = posix.basename(c.entryPoint.value.replace(/\\/g, '/'));
      const list = this.byEntryPoint.get(key) ?? [];
      list.push(c);
      this.byEntryPoint.set(key, list);
    }
    for (const s of index.scripts) {
      const list = this.scriptsByName.get(s.name) ?? [];
      list.push(s);
      this.scriptsByName.set(s.name, list);
    }
    for (const list of this.scriptsByName.values()) list.sort((a, b) => scriptRank(a.path) - scriptRank(b.path) || a.path.localeCompare(b.path));
  }

  get hasScripts(): boolean {
    return this.index.scripts.length > 0;
  }

  get hasContracts(): boolean {
    return this.index.contracts.length > 0;
  }

  scriptNames(): string[] {
    return [...this.scriptsByName.keys()];
  }

  /** The contract whose entry point is `<scriptName>.py` (the first by path when several claim it). */
  contractFor(scriptName: string): ContractInfo | undefined {
    return this.byEntryPoint.get(`${scriptName}.py`)?.[0];
  }

  /** A script by name, in Cursus's search order: the test workspace, then `src/cursus/steps/scripts`, `scripts`, `dockers/*\/scripts`. */
  scriptNamed(scriptName: string, workspaceRoot?: string): ScriptFile | undefined {
    if (workspaceRoot) {
      for (const candidate of [`${workspaceRoot}/${scriptName}.py`, `${workspaceRoot}/scripts/${scriptName}.py`]) {
        const p = posix.normalize(candidate);
        const known = this.index.scripts.find((s) => s.path === p);
        if (known) return known;
      }
    }
    return this.scriptsByName.get(scriptName)?.[0] ?? this.index.otherPython.get(`${scriptName}.py`)?.[0];
  }
}

function scriptRank(path: string): number {
  if (path.startsWith('src/cursus/steps/scripts/')) return 0;
  if (path.startsWith('scripts/')) return 1;
  if (/^dockers\/[^/]+\/scripts\//.test(path)) return 2;
  return 3;
}

const views = new WeakMap<ProjectIndex, { version: number; view: ProjectView }>();

export function viewOf(index: ProjectIndex): ProjectView {
  const cached = views.get(index);
  if (cached && cached.version === index.version) return cached.view;
  const view = new ProjectView(index);
  views.set(index, { version: index.version, view });
  return view;
}
