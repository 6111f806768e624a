/**
 * What the chosen Python interpreter can import and which distributions it has (facts gathered by the runner,
 * handed in as data like the project index), and the script dependencies derived from them: which imports are
 * the standard library, the project's own modules, installed, or missing, and which distribution to install.
 */
import { posix } from 'node:path';
import type { ProjectIndex, ScriptFile } from '../project.js';
import type { ImportRef } from './imports.js';
import type { ScriptInfo } from './scripts.js';

export interface PythonFacts {
  /** The interpreter as chosen (`python3`, `.venv/bin/python`) and where the choice came from, for messages. */
  command: string;
  source: string;
  executable: string;
  version: string;
  /** A virtualenv (so installing into it cannot touch a system interpreter). */
  inVenv: boolean;
  stdlib: ReadonlySet<string>;
  /** Top-level module names importable from its sys.path (packages, modules, namespace packages). */
  modules: ReadonlySet<string>;
  /** Installed distributions by normalized name (`scikit-learn`). */
  distributions: ReadonlyMap<string, { name: string; version: string }>;
  /** Top-level module -> the distributions that provide it (`sklearn` -> [`scikit-learn`]). */
  topLevel: ReadonlyMap<string, string[]>;
}

/**
 * Import names whose distribution on PyPI has another name. Kept by hand for the common ones; anything else is
 * assumed to be published under its import name (pip treats `-`, `_` and `.` alike).
 */
export const DISTRIBUTION_OF: Readonly<Record<string, string>> = {
  sklearn: 'scikit-learn',
  skimage: 'scikit-image',
  cv2: 'opencv-python',
  PIL: 'Pillow',
  yaml: 'PyYAML',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  attr: 'attrs',
  jwt: 'PyJWT',
  Crypto: 'pycryptodome',
  OpenSSL: 'pyOpenSSL',
  magic: 'python-magic',
  serial: 'pyserial',
  usb: 'pyusb',
  zmq: 'pyzmq',
  docx: 'python-docx',
  pptx: 'python-pptx',
  fitz: 'PyMuPDF',
  MySQLdb: 'mysqlclient',
  psycopg2: 'psycopg2-binary',
  Levenshtein: 'python-Levenshtein',
  Bio: 'biopython',
  mpl_toolkits: 'matplotlib',
  pkg_resources: 'setuptools',
  google: 'protobuf',
  sentence_transformers: 'sentence-transformers',
  pytorch_lightning: 'pytorch-lightning',
  lightning: 'lightning',
  typing_extensions: 'typing-extensions',
  jinja2: 'Jinja2',
  markdown: 'Markdown',
  win32api: 'pywin32',
  win32con: 'pywin32',
  github: 'PyGithub',
  git: 'GitPython',
  ruamel: 'ruamel.yaml',
  gi: 'PyGObject',
  wx: 'wxPython',
  faiss: 'faiss-cpu',
  tensorflow_hub: 'tensorflow-hub',
  snowflake: 'snowflake-connector-python',
  sagemaker: 'sagemaker',
  awswrangler: 'awswrangler',
  secure_ai_sandbox_python_lib: 'secure-ai-sandbox-python-lib',
};

export function normalizeDistribution(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The distribution that provides an import name: the interpreter's own metadata first, then the table, then the name. */
export function distributionFor(top: string, facts?: PythonFacts): string {
  return facts?.topLevel.get(top)?.[0] ?? DISTRIBUTION_OF[top] ?? top;
}

export type DependencyKind = 'stdlib' | 'local' | 'installed' | 'missing';

export interface Dependency {
  ref: ImportRef;
  kind: DependencyKind;
  /** For installed and missing imports: the distribution to ask pip for. */
  distribution?: string;
  /** The installed version, when known. */
  version?: string;
}

/**
 * Every absolute import of a script, classified. Local means the project provides it where the harness puts it
 * on sys.path (the script's folder, the project root, `src/`); relative imports are always local. Without
 * facts, imports that are not local come back as `installed` with no version (nothing can be said).
 */
export function scriptDependencies(file: ScriptFile, info: ScriptInfo, index: ProjectIndex, facts: PythonFacts | undefined): Dependency[] {
  const dir = posix.dirname(file.path);
  const local = new Map<string, boolean>();
  const isLocal = (top: string): boolean => {
    let hit = local.get(top);
    if (hit === undefined) {
      const exists = index.exists ?? (() => false);
      const bases = [dir === '.' ? '' : dir, '', 'src'];
      hit = bases.some((b) => [`${b ? `${b}/` : ''}${top}.py`, `${b ? `${b}/` : ''}${top}`].some((p) => exists(p)));
      local.set(top, hit);
    }
    return hit;
  };
  return info.imports.map((ref): Dependency => {
    if (ref.level > 0 || !ref.top) return { ref, kind: 'local' };
    if (facts?.stdlib.has(ref.top) || ref.top === '__future__') return { ref, kind: 'stdlib' };
    if (isLocal(ref.top)) return { ref, kind: 'local' };
    const distribution = distributionFor(ref.top, facts);
    if (!facts) return { ref, kind: 'installed', distribution };
    if (facts.modules.has(ref.top)) return { ref, kind: 'installed', distribution, version: facts.distributions.get(normalizeDistribution(distribution))?.version };
    return { ref, kind: 'missing', distribution };
  });
}

/** A contract's requirement value as a PEP 440 specifier: a bare version means `==` it; empty means any. */
export function asSpecifier(value: unknown): string {
  const v = value === null || value === undefined ? '' : String(value).trim();
  return /^\d/.test(v) ? `==${v}` : v;
}

/** `pip install 'x>=1'` text for distributions, with the contract's specifiers where it gives them. */
export function pipInstall(dists: string[], specifiers: ReadonlyMap<string, string> = new Map()): string {
  const args = dists.map((d) => {
    const spec = specifiers.get(normalizeDistribution(d));
    return spec ? `'${d}${spec}'` : d;
  });
  return `pip install ${args.join(' ')}`;
}

/** Interpreter for messages: `python3 (3.11.7, from PATH)`. */
export function describeInterpreter(facts: PythonFacts): string {
  return `${facts.command} (Python ${facts.version}, from ${facts.source})`;
}
