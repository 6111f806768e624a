/**
 * What the engine knows of the project beyond one spec file: the contracts and scripts the workspace layer
 * discovered, and a way to ask whether a path exists. Plain data plus lookups; the IO stays with the caller.
 */
import { posix } from 'node:path';
import type { ContractInfo } from './contracts/model.js';
import { alnumKey, interfaceFileStem, interfaceStem, LEGACY_STEP_ALIASES, NON_INTERFACE_STEP_TYPES, stepTypeOfStem } from './contracts/naming.js';
import { applyVariant, type StepInterface } from './contracts/step-interface.js';
import type { ScriptInfo } from './python/scripts.js';
import type { PythonFacts } from './python/environment.js';

export interface ScriptFile {
  /** Project-relative path, forward slashes. */
  path: string;
  /** The file name without `.py`. */
  name: string;
  /** Reads and parses the script on first use (the workspace layer supplies the text). */
  read(): ScriptInfo | undefined;
}

export interface ProjectIndex {
  /** Every contract of both dialects: Python `ScriptContract`s and the base reading of each step interface. */
  contracts: ContractInfo[];
  /** The project's `.step.yaml` step interfaces, read (those that failed to read included, with their problems). */
  interfaces: StepInterface[];
  scripts: ScriptFile[];
  /** Other Python files by base name (`x.py`), for entry points that live outside the script folders. */
  otherPython: Map<string, ScriptFile[]>;
  /** The project root (absolute), when known. */
  root?: string;
  /** Whether a project-relative (or absolute) path exists on disk; absent when the caller cannot tell. */
  exists?(path: string): boolean;
  /**
   * For a path inside the project as written, where it really leads when a symbolic link on the way points out
   * of the project (absolute); undefined when it stays inside or the caller cannot tell.
   */
  linkEscape?(path: string): string | undefined;
  /** The text of a project file (project-relative or absolute), if it can be read; for files a spec names, such as a pipeline configuration. */
  readText?(path: string): string | undefined;
  /** Any Python file by project-relative path (for an explicit `script_path`), if it exists. */
  pythonFile(path: string): ScriptFile | undefined;
  /** Bumped whenever the index changes, so dependants can tell a stale view. */
  version: number;
  /** Contract files found but not read (too large, unreadable), with why: a missing contract may be in one. */
  unread?: { path: string; why: string }[];
  /** What the chosen interpreter can import (X604, X605, `deps`); absent when no interpreter was asked. */
  python?: PythonFacts;
}

export function emptyProject(): ProjectIndex {
  return { contracts: [], interfaces: [], scripts: [], otherPython: new Map(), pythonFile: () => undefined, version: 0 };
}

/** Precomputed lookups over one version of the index. */
export class ProjectView {
  private readonly byEntryPoint = new Map<string, ContractInfo[]>();
  private readonly scriptsByName = new Map<string, ScriptFile[]>();
  /** The first script at each path (a pipeline's test workspace is looked up by path for each of its nodes). */
  private readonly scriptsByPath = new Map<string, ScriptFile>();
  private readonly interfacesByStem = new Map<string, StepInterface[]>();
  private readonly interfacesByKey = new Map<string, StepInterface[]>();

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
      if (!this.scriptsByPath.has(s.path)) this.scriptsByPath.set(s.path, s);
    }
    for (const i of index.interfaces) {
      const stem = interfaceFileStem(i.file);
      push(this.interfacesByStem, stem, i);
      push(this.interfacesByKey, alnumKey(stem), i);
    }
    for (const list of this.scriptsByName.values()) list.sort((a, b) => scriptRank(a.path) - scriptRank(b.path) || a.path.localeCompare(b.path));
  }

  get hasScripts(): boolean {
    return this.index.scripts.length > 0;
  }

  get hasContracts(): boolean {
    return this.index.contracts.length > 0;
  }

  get hasInterfaces(): boolean {
    return this.index.interfaces.length > 0;
  }

  /**
   * The step interface of a step type, by Cursus's name -> file rule: the canonical stem (`XGBoostModelEval` ->
   * `xgboost_model_eval.step.yaml`), else the unique file whose alphanumeric lowercase stem matches. Several
   * matches are ambiguous (Cursus raises): `ambiguous` lists them and `found` is undefined.
   */
  fileLookup(stepType: string): { found?: StepInterface; ambiguous?: StepInterface[] } {
    const exact = this.interfacesByStem.get(interfaceStem(stepType));
    if (exact?.length) return { found: exact[0] };
    const loose = this.interfacesByKey.get(alnumKey(stepType)) ?? [];
    if (loose.length === 1) return { found: loose[0] };
    return loose.length > 1 ? { ambiguous: loose } : {};
  }

  /**
   * The step interface of a step type for the checks of other files: by the name -> file rule, else the misnamed
   * interface that declares it (its one finding is I813 on its step_type; the steps it serves are checked as if
   * that were fixed, by either name).
   */
  interfaceLookup(stepType: string): { found?: StepInterface; ambiguous?: StepInterface[] } {
    const r = this.fileLookup(stepType);
    if (r.found || r.ambiguous) return r;
    const misnamed = this.misnamedInterfaces().get(stepType);
    return misnamed ? { found: misnamed } : {};
  }

  private misnamed?: Map<string, StepInterface>;

  /**
   * Interfaces whose `step_type` does not lead back to their own file by the name -> file rule, by that step type:
   * Cursus registers the step under step_type and then looks for its interface in another file (I813).
   */
  misnamedInterfaces(): Map<string, StepInterface> {
    if (this.misnamed) return this.misnamed;
    const out = new Map<string, StepInterface>();
    for (const i of this.index.interfaces) {
      if (!i.stepType || out.has(i.stepType)) continue;
      const r = this.fileLookup(i.stepType);
      if (!r.ambiguous && r.found?.file !== i.file) out.set(i.stepType, i);
    }
    return (this.misnamed = out);
  }

  interfaceFor(stepType: string): StepInterface | undefined {
    return this.interfaceLookup(stepType).found;
  }

  /** The contract of a step type with the variant of `jobType` applied (the base when it has none). */
  stepContract(stepType: string, jobType?: string): ContractInfo | undefined {
    const i = this.interfaceFor(stepType);
    const c = i ? applyVariant(i, jobType) : undefined;
    // A misnamed interface reached by its file's name serves that name (as if its step_type were fixed, I813).
    return c && i?.stepType && i.stepType !== stepType && this.misnamedInterfaces().get(i.stepType) === i ? { ...c, stepType } : c;
  }

  /** A step interface's contract with the variant of `jobType` applied; other contracts as they are. */
  withJobType(c: ContractInfo, jobType: string | undefined): ContractInfo {
    if (c.dialect !== 'step-interface' || !jobType || !c.variants?.includes(jobType)) return c;
    const iface = this.index.interfaces.find((i) => i.file === c.file);
    return (iface && applyVariant(iface, jobType)) ?? c;
  }

  /** The step types the project knows: every interface's `step_type` plus Cursus's registry rows without one. */
  stepTypes(): string[] {
    const names = new Set<string>(NON_INTERFACE_STEP_TYPES);
    for (const i of this.index.interfaces) if (i.stepType) names.add(i.stepType);
    // A misnamed interface is known by its file's name too: one of the two names is a slip, and I813 says which to fix.
    for (const i of this.misnamedInterfaces().values()) names.add(stepTypeOfStem(interfaceFileStem(i.file)));
    return [...names];
  }

  /** Whether a `compatible_sources` token names a known step (a trailing `Step` and legacy names accepted, as the resolver does). */
  isKnownStepType(token: string): boolean {
    const strip = (s: string) => s.replace(/Step$/, '');
    const t = LEGACY_STEP_ALIASES[strip(token)] ?? strip(token);
    return this.stepTypes().some((n) => strip(n) === t);
  }

  /**
   * The script of a step-interface contract: `<pack>/scripts/<name>.py` beside the interface's folder first (where
   * Cursus keeps it: `steps/interfaces/x.step.yaml` -> `steps/scripts/x.py`), then the project-wide search.
   */
  scriptOfContract(c: ContractInfo): ScriptFile | undefined {
    if (!c.entryPoint || !c.entryPoint.value.endsWith('.py')) return undefined;
    const name = posix.basename(c.entryPoint.value.replace(/\\/g, '/'), '.py');
    if (c.dialect === 'step-interface') {
      const sibling = posix.join(posix.dirname(posix.dirname(c.file)), 'scripts', `${name}.py`);
      const known = this.scriptsByPath.get(sibling) ?? this.index.otherPython.get(`${name}.py`)?.find((s) => s.path === sibling);
      if (known) return known;
    }
    return this.scriptNamed(name);
  }

  private names?: readonly string[];

  /** The names of the project's scripts (one frozen array per view, so did-you-mean can index it once). */
  scriptNames(): readonly string[] {
    return (this.names ??= Object.freeze([...this.scriptsByName.keys()]));
  }

  /** The contract whose entry point is `<scriptName>.py` (the first by path when several claim it). */
  contractFor(scriptName: string): ContractInfo | undefined {
    return this.byEntryPoint.get(`${scriptName}.py`)?.[0];
  }

  /** A script by name, in Cursus's search order: the test workspace, then `src/cursus/steps/scripts`, `scripts`, `dockers/*\/scripts`. */
  scriptNamed(scriptName: string, workspaceRoot?: string): ScriptFile | undefined {
    if (workspaceRoot) {
      for (const candidate of [`${workspaceRoot}/${scriptName}.py`, `${workspaceRoot}/scripts/${scriptName}.py`]) {
        // posix.normalize changes only paths with an empty, `.` or `..` part (asked 80,000 times on a big pipeline).
        const known = this.scriptsByPath.get(normalPosix(candidate));
        if (known) return known;
      }
    }
    return this.scriptsByName.get(scriptName)?.[0] ?? this.index.otherPython.get(`${scriptName}.py`)?.[0];
  }
}

/** A path posix.normalize may change: one with `//`, or a `.` or `..` part. */
const NOT_NORMAL = /\/\/|(^|\/)\.\.?(\/|$)/;

/** posix.normalize(path), without its work for a path it would leave as it is. */
export function normalPosix(path: string): string {
  return path === '' || NOT_NORMAL.test(path) ? posix.normalize(path) : path;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
