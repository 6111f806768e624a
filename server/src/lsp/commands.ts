/** The server's commands: loading contracts by executing Python, with progress, results as diagnostics. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver/node';
import { loadUnresolvedContracts } from '../runner/contract-exec.js';
import { checkPython, choosePython } from '../runner/python.js';
import { uriToPath, type Analyzer } from './analysis.js';
import { ruleDocHref } from './convert.js';
import { tell } from './tell.js';

/** Executes the contract files with unresolved values in every project that has an open spec. */
export async function loadContractsByExecuting(connection: Connection, analyzer: Analyzer, openUris: string[]): Promise<{ loaded: number; failed: number }> {
  for (const uri of openUris) {
    const path = uriToPath(uri);
    if (path) analyzer.indexerFor(analyzer.configFor(path));
  }
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Loading contracts with Python', 0, undefined, true);
  let loaded = 0;
  let failed = 0;
  let statically = 0;
  let needing = 0;
  try {
    for (const indexer of analyzer.allIndexers()) {
      const root = indexer.config.root;
      const contracts = indexer.index().contracts;
      statically += contracts.length;
      if (!contracts.some((c) => c.unresolved.length > 0)) continue;
      needing += contracts.filter((c) => c.unresolved.length > 0).length;
      const python = choosePython({ setting: indexer.config.python, root });
      const problem = await checkPython(python, root);
      if (problem) throw new Error(problem);
      const controller = new AbortController();
      progress.token.onCancellationRequested(() => controller.abort());
      progress.report(`contracts in ${root}`);
      const { files, result } = await loadUnresolvedContracts(indexer, python, indexer.config.timeout * 1000, controller.signal);
      for (const file of files) {
        const errors = result.errors.filter((e) => resolve(e.file) === file);
        const line = Math.max(0, (errors[0]?.line ?? 1) - 1);
        void connection.sendDiagnostics({
          uri: pathToFileURL(file).href,
          diagnostics: errors.map((e) => ({
            range: { start: { line, character: 0 }, end: { line, character: 200 } },
            severity: DiagnosticSeverity.Warning,
            code: 'C212',
            codeDescription: { href: ruleDocHref('C212') },
            source: 'cursus-lsp',
            message: `Loading this contract with Python failed: ${e.message}. Its values stay as read statically.`,
          })),
        });
      }
      loaded += result.contracts.length;
      failed += result.errors.length;
    }
  } finally {
    progress.done();
  }
  const roots = analyzer.allIndexers().length;
  const message = roots === 0
    ? 'no project is open: open a spec first, then load its contracts.'
    : needing === 0
      ? `nothing to load: all ${statically} contract(s) were read without Python (no imported names or computed values), so executing them would change nothing.`
      : `loaded ${loaded} of ${needing} contract(s) that need Python by executing it${failed ? `; ${failed} module(s) failed (see Problems)` : ''}.`;
  connection.console.info(`cursus-lsp: load contracts: ${message}`);
  tell(connection, failed ? 'warning' : 'info', `cursus-lsp: ${message}`);
  return { loaded, failed };
}
