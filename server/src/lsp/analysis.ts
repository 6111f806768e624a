/** Per-document analysis state for the server: the last analysed version of each open spec and its findings. */
import { dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFile, readSpecFile, type AnalysedFile, type Diagnostic } from '../engine/index.js';
import { ConfigError, defaultConfig, findProjectRoot, loadConfig, type ProjectConfig } from '../workspace/config.js';
import { toPosix } from '../workspace/discover.js';
import { relative } from 'node:path';

export interface DocAnalysis {
  version: number;
  file?: AnalysedFile;
  diagnostics: Diagnostic[];
  config: ProjectConfig;
}

export class Analyzer {
  private readonly configs = new Map<string, ProjectConfig>();
  private readonly results = new Map<string, DocAnalysis>();
  /** Problems met while reading configuration files, shown once per file. */
  readonly configErrors = new Map<string, string>();

  constructor(private workspaceRoot: string) {}

  setWorkspaceRoot(root: string): void {
    this.workspaceRoot = root;
  }

  /** Forgets cached configuration (after pyproject.toml or .cursus-lsp.yaml changed). */
  reloadConfig(): void {
    this.configs.clear();
    this.configErrors.clear();
  }

  last(uri: string): DocAnalysis | undefined {
    return this.results.get(uri);
  }

  forget(uri: string): void {
    this.results.delete(uri);
  }

  analyse(doc: TextDocument): DocAnalysis {
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const path = uriToPath(doc.uri);
    const config = this.configFor(path);
    const enginePath = enginePathOf(config, path, doc.languageId);
    const file = readSpecFile(enginePath, doc.getText());
    const diagnostics = file ? checkFile(file, { rules: config.rules, engine: { semanticThreshold: config.semanticThreshold } }) : [];
    const result = { version: doc.version, file, diagnostics, config };
    this.results.set(doc.uri, result);
    return result;
  }

  configFor(path: string | undefined): ProjectConfig {
    const root = path ? findProjectRoot(dirname(path), this.workspaceRoot) : this.workspaceRoot;
    let config = this.configs.get(root);
    if (!config) {
      try {
        config = loadConfig(root);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        this.configErrors.set(root, err.message);
        config = defaultConfig(root);
      }
      this.configs.set(root, config);
    }
    return config;
  }
}

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** The path the engine sees: relative to the project root; untitled documents get a name from their language. */
function enginePathOf(config: ProjectConfig, path: string | undefined, languageId: string): string {
  if (!path) return languageId === 'json' ? 'untitled.json' : 'untitled.yaml';
  const rel = toPosix(relative(config.root, path));
  const named = rel.startsWith('..') ? toPosix(path) : rel;
  if (extname(named) === '' && languageId === 'json') return `${named}.json`;
  return named;
}
