/** Files shipped beside the code (the Python harness, the rule docs), found both in the repository layout and in the VS Code bundle. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `repoPath` is relative to the repository root (compiled code lives in dist/server/src/workspace); `bundled` to the bundle's folder. */
export function assetPath(repoPath: string, bundled: string): string {
  const candidates = [join(here, '../../../..', repoPath), join(here, bundled)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}
