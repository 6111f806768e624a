/** Where the repository's folders are, from compiled tests in dist/test. */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
/** Cursus's catalog DAGs, copied into the repository; the shared reference folder, when present beside it, too. */
export const referenceDagDirs = [
  fileURLToPath(new URL('../../../test/data/cursus-dags/', import.meta.url)),
  fileURLToPath(new URL('../../../../shared/reference/cursus-dags/', import.meta.url)),
];
export const cliBin = fileURLToPath(new URL('../../../bin/cursus-lint.cjs', import.meta.url));
export const lspBin = fileURLToPath(new URL('../../../bin/cursus-lsp.js', import.meta.url));
