/** The language server: documents in, engine analysis, LSP results out. Thin by design; the engine does the work. */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeResult,
  type Message,
} from 'vscode-languageserver/node';
import { inspect } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { writePipelineSpec } from '../engine/edit/init-spec.js';
import { isPipelineConfig, readPipelineConfig, type PipelineConfigModel } from '../engine/model/pipeline-config.js';
import { parse as parseText } from '../engine/syntax/parse.js';
import { viewOf, type ProjectIndex } from '../engine/index.js';
import { applySafeFixes, outline } from '../engine/index.js';
import { quickFixes } from './code-actions.js';
import { INSTALL_COMMAND, installActions, installMissing } from './install.js';
import { buildPlan } from '../runner/plan.js';
import { formatHtml } from '../runner/html-report.js';

/** Returns `{html}`: the last run of the spec `arguments[0]` as a self-contained page (VS Code's *Show run report*). */
export const RUN_REPORT_COMMAND = 'cursus-lsp.runReportHtml';
/** Sent after each run from the editor to clients that asked for it (`initializationOptions.runFinishedNotification`). */
export const RUN_FINISHED_NOTIFICATION = 'cursus-lsp/runFinished';
import { defaultSupport, readSupport } from './client-support.js';
import { Analyzer, fromScratch, uriToPath } from './analysis.js';
import { loadContractsByExecuting } from './commands.js';
import { registerFeatures } from './features.js';
import { warmUp } from './warm-up.js';
import { afterPublish, collectWhenIdle } from './idle-gc.js';
import { capYoungGeneration, checkYoungGeneration } from '../workspace/young-generation.js';
import { tell } from './tell.js';
import { traceStage, tracing } from './trace.js';
import { codeLenses, RUN_COMMAND } from './lenses.js';
import { cancelEditorRuns, runFromEditor } from './runs.js';
import type { Selection } from '../runner/plan.js';
import { rulesFor, type Settings } from '../workspace/config.js';
import { DiagnosticEncoder, minimalEdit, toDocumentSymbol } from './convert.js';
import { stdioWriter } from './wire.js';
import { installYamlEnv } from '../workspace/yaml-env.js';

export const FIX_ALL_KIND = 'source.fixAll.cursus-lsp';
export const LOAD_CONTRACTS_COMMAND = 'cursus-lsp.loadContracts';
/** Re-checks caused by something other than typing (a contract saved, settings) wait this long, to batch them. */
const DEBOUNCE_MS = 60;
/** The longest an edit waits for the edits that follow it (see editDelay). */
const MAX_EDIT_DELAY_MS = 400;
/** Edits closer together than this come from a tool, not a typist: they wait a little, to be taken together. */
const BURST_GAP_MS = 3;
/**
 * The longest a document's first check waits for the project's contracts and scripts being read in a worker
 * thread at start-up; after that the check reads what is left itself.
 */
const FIRST_READS_WAIT_MS = 3000;

/** An analysis waiting for its delay (timer) or its turn (immediate). */
interface Pending {
  timer?: NodeJS.Timeout;
  immediate?: NodeJS.Immediate;
}

export function startServer(argv: string[]): void {
  installYamlEnv();
  if (argv.includes('--version')) {
    process.stdout.write('cursus-lsp 0.1.0\n');
    return;
  }
  if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    process.stderr.write('Usage: cursus-lsp --stdio\nStarts the Cursus spec language server speaking LSP over standard input and output.\n');
    process.exitCode = 2;
    return;
  }
  // A signal ends the server through process.exit, so that the runs' processes are killed on the way out (the
  // library itself exits the same way when the client closes stdin, sends `exit` or its processId disappears).
  for (const [sig, n] of [['SIGTERM', 15], ['SIGHUP', 1], ['SIGINT', 2]] as const) process.on(sig, () => process.exit(128 + n));
  // A request the client cancels before we reach it is answered at once, without doing its work.
  const options = {
    connectionStrategy: { cancelUndispatched: (message: Message) => ({ jsonrpc: '2.0', id: (message as { id?: number | string }).id ?? null, error: new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled').toJson() }) },
  };
  // Over stdio the messages are written with our encoder (wire.ts: each diagnostic's JSON kept between
  // keystrokes). The library still reads stdin and exits when it closes; what it would print to the console goes
  // to the client's log, not into the protocol stream.
  const stdio = argv.includes('--stdio');
  const connection = stdio ? createConnection(ProposedFeatures.all, process.stdin, stdioWriter() as unknown as NodeJS.WritableStream, options) : createConnection(ProposedFeatures.all, options);
  if (stdio) consoleToClient(connection);
  // A client that refuses a request we sent (a message box, a refresh) must not take the server down.
  process.on('unhandledRejection', (reason) => connection.console.error(`cursus-lsp: unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  // A young generation of 2 x 4 MiB rather than V8's 2 x 16 (see young-generation.ts), before the project's
  // read-ahead worker is made.
  capYoungGeneration();
  serve(connection);
  // The heap an open or a stretch of typing grew is given back once the server is idle (see idle-gc.ts).
  collectWhenIdle();
  connection.listen();
}

/** Console output would corrupt the protocol on stdout: it goes to the client's log instead (as the library does for --stdio). */
function consoleToClient(connection: Connection): void {
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.trace = (...args: unknown[]) => connection.console.log(`${text(args)}\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`);
  console.dir = (arg: unknown) => connection.console.log(inspect(arg));
}

export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const isPython = (uri: string) => uri.endsWith('.py');
  /** Step interfaces are checked like specs and are also part of the project index (other files depend on them). */
  const isInterface = (uri: string) => /\.step\.ya?ml$/i.test(uri);
  const analyzer = new Analyzer(process.cwd(), (abs) => documents.get(pathToFileURL(abs).href)?.getText());
  /** Each document's analysis waiting to run (see schedule). */
  const pending = new Map<string, Pending>();
  let watchDynamically = false;
  let pullsConfiguration = false;
  const support = defaultSupport();
  let stopPolling = () => undefined as void;
  let runNotifications = false;
  // X604/X605 depend on what the interpreter has: when its answer arrives or changes, check the open specs again.
  analyzer.onPythonFacts = () => scheduleSpecs();
  analyzer.onDiskChange = () => scheduleSpecs();

  /**
   * Runs a handler (which may answer later, with a promise): a cancelled request is answered with
   * RequestCancelled, a failure is logged and answered with `fallback`.
   */
  function guard<P, R>(name: string, fallback: R, handler: (params: P) => R): (params: P, token?: CancellationToken) => R;
  function guard<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P, token?: CancellationToken) => R | Promise<R>;
  function guard<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>) {
    const failed = (err: unknown): R => {
      if (err instanceof ResponseError) throw err; // a deliberate answer (a refused rename), not a failure
      connection.console.error(`cursus-lsp: ${name} failed: ${(err as Error).stack ?? err}`);
      return fallback;
    };
    return (params: P, token?: CancellationToken): R | Promise<R> => {
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
      try {
        const result = handler(params);
        return result instanceof Promise ? result.catch(failed) : result;
      } catch (err) {
        return failed(err);
      }
    };
  }

  /** The output channel says what the server does, at info level: each project root and what it holds. */
  const loggedRoots = new Set<string>();
  const noteRoots = () => {
    for (const indexer of analyzer.allIndexers()) {
      const { root, source } = indexer.config;
      if (loggedRoots.has(root)) continue;
      loggedRoots.add(root);
      const index = indexer.index();
      const unresolved = index.contracts.filter((c) => c.unresolved.length > 0).length;
      connection.console.info(`cursus-lsp: project ${root} (${source ? `settings from ${source}` : 'default settings'}): ${index.contracts.length} contract(s)${unresolved ? `, ${unresolved} with values only Python can read` : ''}, ${index.scripts.length} script(s) indexed.`);
    }
  };
  let trusted = true;
  const RESTRICTED = 'This workspace is not trusted (Restricted Mode): checks run, but running scripts and loading contracts with Python are off until you trust it.';
  const shownConfigErrors = new Set<string>();
  /** How long the last analysis of each document took: typing waits only when analyses are slow. */
  const lastCost = new Map<string, number>();
  const encoder = new DiagnosticEncoder();
  /**
   * CURSUS_LSP_TRACE=1: a line on stderr at each stage of an edit's way to its diagnostics (`cursus-lsp-trace
   * <stage> <version> <microseconds of the monotonic clock>`), for the bench's breakdown of a keystroke.
   */
  const trace = tracing ? (stage: string, doc: TextDocument) => traceStage(stage, doc.version) : undefined;
  const publish = (doc: TextDocument) => {
    trace?.('start', doc);
    checkYoungGeneration();
    const started = performance.now();
    const result = analyzer.analyse(doc);
    lastCost.set(doc.uri, performance.now() - started);
    trace?.('analysed', doc);
    noteRoots();
    for (const message of analyzer.configErrors.values()) {
      if (shownConfigErrors.has(message)) continue;
      shownConfigErrors.add(message);
      tell(connection, 'error', `cursus-lsp: ${message} Using the default settings until it is fixed.`);
    }
    for (const message of analyzer.settingsProblems) {
      if (shownConfigErrors.has(message)) continue;
      shownConfigErrors.add(message);
      tell(connection, 'warning', `cursus-lsp: ${message}`);
    }
    if (documents.get(doc.uri)?.version !== doc.version) return; // a newer version is on its way
    const lines = result.file?.lines;
    const toUri = (rel: string) => pathToFileURL(resolve(result.config.root, rel)).href;
    const diagnostics = lines ? (fromScratch ? new DiagnosticEncoder() : encoder).encode(doc.uri, lines, result.diagnostics, toUri) : [];
    trace?.('encoded', doc);
    const last = lastSent.get(doc.uri);
    lastSent.set(doc.uri, { version: doc.version, diagnostics });
    // A check of a version already published (the interpreter answered, a contract or setting changed) that
    // finds the same as that publication says nothing new: the editor is not made to redraw it.
    if (last?.version === doc.version && sameDiagnostics(last.diagnostics, diagnostics)) return;
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    afterPublish();
  };
  /** What was last published for each open spec: its version and findings (the encoder's objects, kept anyway). */
  const lastSent = new Map<string, { version: number; diagnostics: LspDiagnostic[] }>();

  /** Re-checks every open spec (after a contract, script or setting changed), except `skip`. */
  const scheduleSpecs = (skip?: string) => {
    for (const d of documents.all()) if (!isPython(d.uri) && d.uri !== skip) schedule(d, DEBOUNCE_MS);
  };

  /**
   * Analyses and publishes `doc` after `delay` ms. An edit that arrives meanwhile supersedes it: the pending
   * analysis is replaced, and a version overtaken while waiting for its turn is never analysed. With no delay
   * (a keystroke while analyses keep up) there is no timer either (a timer waits at least 1 ms): the analysis
   * runs once the messages already received have had their turn.
   */
  const schedule = (doc: TextDocument, delay: number) => {
    const uri = doc.uri;
    cancelPending(uri);
    const run = () => {
      const current = documents.get(uri);
      if (!current || pending.get(uri) !== token) return; // gone, or superseded by a newer schedule
      pending.delete(uri);
      if (awaitingReads(current)) return;
      guard('diagnostics', undefined, publish)(current);
    };
    // Two turns of the event loop: a message read meanwhile (the next keystroke, a cancellation) is handled first.
    const token: Pending = delay > 0 ? { timer: setTimeout(() => (token.immediate = setImmediate(run)), delay) } : { immediate: setImmediate(() => (token.immediate = setImmediate(run))) };
    pending.set(uri, token);
  };
  const cancelPending = (uri: string) => {
    const p = pending.get(uri);
    if (!p) return;
    clearTimeout(p.timer);
    clearImmediate(p.immediate);
    pending.delete(uri);
  };

  /**
   * A document's first check waits (a while) for the project's contracts and scripts still being read in the
   * worker thread (see Analyzer.readsPending); the document is parsed meanwhile. It does not wait for the
   * interpreter's answers: the findings that need them (X603-X605) come in a second publication when they arrive.
   * True when it waits: it is scheduled again once the reads are over or the wait is.
   */
  const waitingSince = new Map<string, number>();
  const awaitingReads = (doc: TextDocument): boolean => {
    if (lastCost.has(doc.uri)) return false; // checked before
    const path = uriToPath(doc.uri);
    // A spec of another project than the workspace's (a nested pyproject.toml) starts its own asking and reading here.
    if (!waitingSince.has(doc.uri)) analyzer.startAsking(path);
    const since = waitingSince.get(doc.uri) ?? performance.now();
    const left = FIRST_READS_WAIT_MS - (performance.now() - since);
    const reads = left > 0 ? analyzer.readsPending(path) : undefined;
    if (!reads) return false;
    const first = !waitingSince.has(doc.uri);
    waitingSince.set(doc.uri, since);
    trace?.('waits', doc);
    if (first) guard('parse', undefined, (d: TextDocument) => analyzer.parsedFile(d))(doc);
    trace?.('parsed', doc);
    let timer: NodeJS.Timeout | undefined;
    const over = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
    void Promise.race([reads, over]).then(() => {
      trace?.('read', doc);
      clearTimeout(timer);
      const current = documents.get(doc.uri);
      // At once, even when an answer's arrival scheduled every spec after a debounce: this one has waited already.
      if (current && !lastCost.has(doc.uri)) schedule(current, 0);
    });
    return true;
  };

  /**
   * After an edit: at once, unless edits arrive faster than this document can be analysed (a flood, a slow
   * machine, a huge file) or faster than anyone types (a burst from a tool or a paste of many changes); then
   * wait about one analysis (at least 1 ms), so the edits that keep coming are taken together.
   */
  const lastEdit = new Map<string, number>();
  const editDelay = (uri: string) => {
    const now = performance.now();
    const gap = now - (lastEdit.get(uri) ?? -Infinity);
    lastEdit.set(uri, now);
    const cost = lastCost.get(uri) ?? 0;
    return gap >= cost && gap >= BURST_GAP_MS ? 0 : Math.min(MAX_EDIT_DELAY_MS, Math.max(1, Math.round(cost)));
  };

  connection.onInitialize((params): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (folder?.startsWith('file:')) analyzer.setWorkspaceRoot(fileURLToPath(folder));
    watchDynamically = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    // Clients that send no file events: the folders of contracts and scripts are watched, not stat'ed file by file.
    analyzer.watchFolders = !watchDynamically;
    pullsConfiguration = Boolean(params.capabilities.workspace?.configuration);
    // Answers and server-to-client requests stay within what the client declared (eglot 1.9: plain-text hover;
    // Neovim 0.7 and eglot 1.9: no code lens refresh).
    Object.assign(support, readSupport(params.capabilities));
    // The VS Code client shows the HTML run report and wants to hear when a run finishes (other clients are not sent it).
    runNotifications = Boolean((params.initializationOptions as { runFinishedNotification?: boolean } | undefined)?.runFinishedNotification);
    // VS Code in Restricted Mode says so (initializationOptions.trusted: false): no user code runs then.
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    // Asking the workspace's interpreter what it has (X604, X605) starts the project's .venv python: not in Restricted Mode.
    analyzer.pythonAllowed = trusted;
    connection.console.info(`cursus-lsp 0.1.0 for ${params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'an unnamed client'}, workspace ${folder ?? '(none)'}${trusted ? '' : ', Restricted Mode: runs are off'}.`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, INIT_SPEC_KIND] },
        executeCommandProvider: { commands: [LOAD_CONTRACTS_COMMAND, RUN_COMMAND, INSTALL_COMMAND, RUN_REPORT_COMMAND] },
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [':', ' ', '[', ',', '"', '-', '{'], resolveProvider: false },
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'cursus-lsp', version: '0.1.0' },
    };
  });

  /** Settings are asked for, not waited for: clients that never send them still get the defaults. */
  const pullSettings = async () => {
    if (!pullsConfiguration) return;
    try {
      const [section] = (await connection.workspace.getConfiguration([{ section: 'cursus-lsp' }])) as (Settings | null)[];
      if (!analyzer.setSettings(section && typeof section === 'object' ? section : {})) return; // nothing changed
      shownConfigErrors.clear();
      scheduleSpecs();
    } catch (err) {
      connection.console.warn(`cursus-lsp: could not read settings: ${(err as Error).message}`);
    }
  };

  connection.onDidChangeConfiguration(() => void pullSettings());

  connection.onInitialized(() => {
    traceStage('initialized');
    void pullSettings();
    // Ask the interpreter and read the workspace's contracts and scripts now, while the editor is still opening
    // files, so the first spec opened does not wait for them (see warm-up.ts).
    setTimeout(() => {
      warmUp(analyzer, () => documents.all().some((d) => !isPython(d.uri))).catch((err: unknown) => connection.console.error(`cursus-lsp: warm-up failed: ${(err as Error)?.stack ?? err}`));
    }, 0);
    if (!watchDynamically) {
      // Clients without file watching (Neovim 0.7, some Emacs setups): look at the disk ourselves.
      const timer = setInterval(() => {
        if (!documents.all().some((d) => !isPython(d.uri))) return;
        void analyzer.pollDisk().then((changed) => changed && scheduleSpecs(), (err: Error) => connection.console.error(`cursus-lsp: disk poll failed: ${err.stack ?? err}`));
      }, 2500);
      timer.unref();
      stopPolling = () => clearInterval(timer);
    }
    if (watchDynamically) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/.cursus-lsp.yaml' }, { globPattern: '**/*.py' }, { globPattern: '**/*.step.{yaml,yml}' }],
        })
        .catch(() => undefined);
    }
  });

  // Runs in progress are cancelled (and their processes killed) as soon as the client says it is shutting down.
  connection.onShutdown(() => {
    stopPolling();
    cancelEditorRuns();
  });

  connection.onDidChangeWatchedFiles(guard('watched files', undefined, (params) => {
    if (params.changes.some((c) => /(pyproject\.toml|\.cursus-lsp\.yaml)$/.test(c.uri))) {
      analyzer.reloadConfig();
      shownConfigErrors.clear();
      scheduleSpecs();
      return;
    }
    let touched = false;
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (!path || !(isPython(change.uri) || isInterface(change.uri))) continue;
      if (change.type === FileChangeType.Changed) touched = analyzer.pythonChanged(path) || touched;
      else {
        analyzer.pythonFilesMoved();
        touched = true;
      }
    }
    if (touched) scheduleSpecs();
  }));

  documents.onDidOpen((e) => {
    if (!isPython(e.document.uri)) schedule(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    trace?.('received', e.document);
    if (isInterface(e.document.uri)) {
      const path = uriToPath(e.document.uri);
      if (path && analyzer.pythonChanged(path)) scheduleSpecs(e.document.uri);
    }
    if (!isPython(e.document.uri)) {
      schedule(e.document, editDelay(e.document.uri));
      return;
    }
    const path = uriToPath(e.document.uri);
    if (path && analyzer.pythonChanged(path)) scheduleSpecs();
  });
  const running = new Set<string>();
  connection.onExecuteCommand(async (params) => {
    try {
      if (!trusted && (params.command === RUN_COMMAND || params.command === LOAD_CONTRACTS_COMMAND || params.command === INSTALL_COMMAND)) {
        connection.console.info(`cursus-lsp: ${params.command} refused: ${RESTRICTED}`);
        tell(connection, 'warning', `cursus-lsp: ${RESTRICTED}`);
        return null;
      }
      if (params.command === RUN_COMMAND) {
        const [uri, selection] = (params.arguments ?? []) as [string, Selection | undefined];
        const doc = uri ? documents.get(uri) : undefined;
        if (!doc) throw new Error('Open the spec to run it.');
        if (running.has(uri)) throw new Error('A run of this spec is already in progress.');
        const { file, config, index } = analyzer.fileOf(doc);
        if (!file || file.kind === 'dag-file') throw new Error('Only script specs and pipeline specs can be run.');
        if (file.parsed.problems.length) throw new Error('This spec has syntax errors (S100) and Cursus cannot load it: fix them, then run it.');
        running.add(uri);
        connection.console.info(`cursus-lsp: run of ${uri} (${describeSelection(selection ?? { kind: 'all' })}) started.`);
        try {
          const stored = await runFromEditor(connection, file, index, config, selection ?? { kind: 'all' }, analyzer.runs.get(uri));
          analyzer.runs.set(uri, stored);
          schedule(doc, 0);
          if (runNotifications) void connection.sendNotification(RUN_FINISHED_NOTIFICATION, { uri });
          if (support.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
          const r = stored.report;
          connection.console.info(`cursus-lsp: run of ${uri} finished: ${r.pipeline_success ? 'passed' : r.cancelled ? 'cancelled' : 'failed'}, ${r.stats.executed} run, ${r.stats.cached} unchanged, ${r.stats.failed} failed, ${r.stats.skipped} skipped in ${r.stats.wall_time.toFixed(1)}s.`);
          tell(connection, r.cancelled ? 'warning' : 'info', `cursus-lsp: ${r.pipeline_success ? 'passed' : r.cancelled ? 'cancelled' : 'failed'}: ${r.stats.executed} run, ${r.stats.cached} unchanged, ${r.stats.failed} failed, ${r.stats.skipped} skipped (${r.stats.wall_time.toFixed(1)}s).`);
          return { pipeline_success: r.pipeline_success, cancelled: r.cancelled, stats: r.stats };
        } finally {
          running.delete(uri);
        }
      }
      if (params.command === RUN_REPORT_COMMAND) {
        // The last run of a spec as the HTML page of `cursus-lint run --format html` (null before any run).
        const [uri] = (params.arguments ?? []) as [string];
        const doc = uri ? documents.get(uri) : undefined;
        const stored = uri ? analyzer.runs.get(uri) : undefined;
        if (!doc || !stored) return null;
        const { file, config, index } = analyzer.fileOf(doc);
        if (!file) return null;
        const plan = buildPlan(file, index, config.root, config.semanticThreshold);
        return { html: formatHtml(stored.report, plan, basename(uriToPath(uri) ?? uri)) };
      }
      if (params.command === INSTALL_COMMAND) {
        const [root, reqs] = (params.arguments ?? []) as [string, unknown];
        const config = analyzer.configFor(typeof root === 'string' ? resolve(root, 'pyproject.toml') : undefined);
        const installed = await installMissing(connection, config, reqs);
        analyzer.forgetPython();
        scheduleSpecs();
        return { installed };
      }
      if (params.command !== LOAD_CONTRACTS_COMMAND) return null;
      const summary = await loadContractsByExecuting(connection, analyzer, documents.all().map((d) => d.uri));
      scheduleSpecs();
      return summary;
    } catch (err) {
      connection.console.error(`cursus-lsp: ${params.command} failed: ${(err as Error).stack ?? err}`);
      tell(connection, 'error', `cursus-lsp: ${(err as Error).message}`);
      return null;
    }
  });

  documents.onDidClose((e) => {
    cancelPending(e.document.uri);
    lastCost.delete(e.document.uri);
    lastEdit.delete(e.document.uri);
    waitingSince.delete(e.document.uri);
    encoder.forget(e.document.uri);
    lastSent.delete(e.document.uri);
    analyzer.forget(e.document.uri);
    if (!isPython(e.document.uri)) {
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      const path = isInterface(e.document.uri) ? uriToPath(e.document.uri) : undefined;
      if (path && analyzer.pythonChanged(path)) scheduleSpecs();
    } else {
      // The editor's text stops standing in for the file: read the disk again (it may hold what was saved, or not).
      const path = uriToPath(e.document.uri);
      if (path && analyzer.pythonChanged(path)) scheduleSpecs();
    }
  });

  connection.onDocumentSymbol(guard('documentSymbol', [], (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || isPython(doc.uri)) return [];
    const { file } = analyzer.parsedFile(doc);
    return file ? outline(file).map((s) => toDocumentSymbol(file.lines, s)) : [];
  }));

  connection.onCodeAction(guard('codeAction', [] as CodeAction[], (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || isPython(doc.uri)) return [];
    const result = analyzer.analyse(doc);
    const file = result.file;
    if (!file) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const toUri = (rel: string) => pathToFileURL(resolve(result.config.root, rel)).href;
      actions.push(...quickFixes(file, result.diagnostics, doc.uri, params, toUri));
      actions.push(...installActions(file, result.diagnostics, result.index, result.config, doc.uri, params, toUri));
    }
    // A DAG file: write a runnable pipeline spec beside it, as `cursus-lint init` does (never over an existing file).
    const dag = file.model.kind === 'dag-file' ? file.model.dag : undefined;
    if (dag && wants(INIT_SPEC_KIND) && support.createFiles && file.parsed.problems.length === 0) {
      const out = resolve(result.config.root, file.path.replace(/(\.dag)?\.(json|ya?ml)$/i, '') + '.pipeline.yaml');
      if (!existsSync(out)) {
        const spec = writePipelineSpec(dag, viewOf(result.index), { dagPath: file.path, configPath: result.config.pipelineConfig, config: configFor(result.index, result.config.pipelineConfig), threshold: result.config.semanticThreshold });
        const uri = pathToFileURL(out).href;
        actions.push({
          title: `Create a runnable pipeline spec (${basename(out)})`,
          kind: INIT_SPEC_KIND,
          edit: { documentChanges: [{ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: spec.text }] }] },
        });
      }
    }
    if (wants(FIX_ALL_KIND) && (only || result.diagnostics.some((d) => d.fixes.some((f) => f.safe)))) {
      const fixed = applySafeFixes(file.path, file.text, { rules: rulesFor(result.config, file.path), engine: { semanticThreshold: result.config.semanticThreshold } }, result.index, result.cache);
      const edit = minimalEdit(file.lines, file.text, fixed.text);
      if (edit) actions.push({ title: `Fix all safe cursus-lsp problems (${fixed.fixed})`, kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: [edit] } } });
    }
    return actions;
  }));

  connection.onCodeLens(guard('codeLens', [] as ReturnType<typeof codeLenses>, (params) => {
    const doc = documents.get(params.textDocument.uri);
    // Restricted Mode: no "Run" offered that would only be refused (the client restarts the server once trusted).
    if (!doc || isPython(doc.uri) || !trusted) return [];
    // Before any run the lenses need only the parsed spec (a spec just opened: the project may still be being read).
    const { file, runs } = analyzer.runs.has(doc.uri) ? analyzer.analyse(doc) : { ...analyzer.parsedFile(doc), runs: undefined };
    return file && file.kind !== 'dag-file' ? codeLenses(doc.uri, file, runs) : [];
  }));

  registerFeatures(connection, documents, analyzer, guard, support);
  documents.listen(connection);
}

/** The source action that writes a runnable pipeline spec from a DAG file. */
const INIT_SPEC_KIND = 'source.cursus-lsp.createPipelineSpec';

/** The `pipeline-config` setting's configuration, when it reads as one. */
function configFor(index: ProjectIndex, path: string | undefined): PipelineConfigModel | undefined {
  const text = path ? index.readText?.(path) : undefined;
  if (text === undefined) return undefined;
  const tree = parseText(text, 'json');
  return tree.problems.length === 0 && isPipelineConfig(tree.root) ? readPipelineConfig(tree.root, text) : undefined;
}

/** A run's selection as the log says it: `all nodes`, `node X`, `edge A -> B`. */
function describeSelection(selection: Selection): string {
  return selection.kind === 'all' ? 'all nodes' : selection.kind === 'node' ? `node ${selection.node}` : `edge ${selection.src} -> ${selection.dst}`;
}

/** Whether two publications' findings are the same, in the same order (the same objects, or equal JSON). */
function sameDiagnostics(a: LspDiagnostic[], b: LspDiagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}
