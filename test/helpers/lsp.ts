/** A real LSP conversation over stdio with the built server, as an editor would hold it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { lspBin } from './paths.js';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string; severity: number; codeDescription?: { href: string } }[];
}

export class LspClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly published: PublishedDiagnostics[] = [];
  private waiters: (() => void)[] = [];
  readonly logs: string[] = [];
  /** window/showMessage notifications, as `type: message`. */
  readonly messages: string[] = [];
  /** What workspace/configuration answers for each item (the editor's `cursus-lsp` settings); null by default. */
  settings: unknown = null;
  /** How many diagnostics publications each document has had, all told. */
  readonly publications = new Map<string, number>();
  /** The last diagnostics published for each document. */
  readonly latest = new Map<string, PublishedDiagnostics>();
  /** The method of every request the server sent us, in order (answered with null, or MethodNotFound if unknown). */
  readonly requests: string[] = [];
  stderr = '';

  constructor(cwd: string, bin: string = lspBin, env?: Record<string, string>) {
    this.child = spawn(process.execPath, [bin, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      this.publications.set(p.uri, (this.publications.get(p.uri) ?? 0) + 1);
      this.latest.set(p.uri, p);
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(`${p.type}: ${p.message}`);
    });
    this.connection.onRequest('client/registerCapability', () => {
      this.requests.push('client/registerCapability');
      return null;
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
      this.requests.push('workspace/configuration');
      return p.items.map(() => this.settings);
    });
    this.connection.onRequest((method: string) => {
      this.requests.push(method);
      return method === 'window/workDoneProgress/create' || method === 'workspace/codeLens/refresh' ? null : new ResponseError(-32601, `unhandled method ${method}`);
    });
    this.connection.listen();
  }

  async initialize(rootPath: string, capabilities: object = {}, processId = process.pid, initializationOptions?: object): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest('initialize', {
      processId,
      rootUri: pathToFileURL(rootPath).href,
      workspaceFolders: [{ uri: pathToFileURL(rootPath).href, name: 'root' }],
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: object[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The first diagnostics published for `uri` (after those already seen) that satisfy `accept`. The default
   * wait is a ceiling only a hang reaches (a server's start and check take seconds on a loaded 2-core machine);
   * a test that wants to see nothing comes gives its own short wait.
   */
  async diagnostics(uri: string, accept: (p: PublishedDiagnostics) => boolean = () => true, timeoutMs = 60_000): Promise<PublishedDiagnostics> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find((p) => p.uri === uri && accept(p));
      if (found) {
        // Drop what was published for this document up to the match; other documents' publications stay.
        const at = this.published.indexOf(found);
        for (let i = at; i >= 0; i--) if (this.published[i].uri === uri) this.published.splice(i, 1);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(this.published.filter((p) => p.uri === uri))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves once `done()` holds, looked at again after each publication (rejects after `timeoutMs`). */
  async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The server's resident memory in KiB (Linux), or undefined when it cannot be read. */
  rssKiB(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  request<R>(method: string, params: object): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  get alive(): boolean {
    return this.child.exitCode === null;
  }

  /** The editor going away without a word: the server's stdin closes. */
  closeInput(): void {
    this.child.stdin!.end();
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Resolves with the server's exit code once it has exited. */
  exited(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve(this.child.exitCode);
      else this.child.on('exit', (c) => resolve(c));
    }).finally(() => this.connection.dispose()) as Promise<number | null>;
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.on('exit', (c) => resolve(c));
    });
    this.connection.dispose();
    return code;
  }
}
