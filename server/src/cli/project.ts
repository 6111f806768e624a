/** Per-file project context for the CLI: the root and configuration that apply to a path, cached by root. */
import { dirname, relative, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { findProjectRoot, loadConfig, type ProjectConfig } from '../workspace/config.js';
import { toPosix } from '../workspace/discover.js';

export class Projects {
  private readonly byRoot = new Map<string, ProjectConfig>();

  constructor(private readonly cwd: string, private readonly explicitConfig?: string) {}

  /** The configuration governing `path` (a file or a folder). */
  forPath(path: string): ProjectConfig {
    const abs = resolve(this.cwd, path);
    const start = isDirectory(abs) ? abs : dirname(abs);
    const root = findProjectRoot(start, this.cwd);
    let config = this.byRoot.get(root);
    if (!config) {
      config = loadConfig(root, this.explicitConfig);
      this.byRoot.set(root, config);
    }
    return config;
  }

  /** The path as the engine sees it: relative to the project root, forward slashes. */
  static engineRelative(config: ProjectConfig, abs: string): string {
    const rel = relative(config.root, abs);
    return toPosix(rel.startsWith('..') ? abs : rel);
  }
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
