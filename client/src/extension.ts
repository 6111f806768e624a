/** The VS Code extension: starts the bundled server and exposes its settings and commands. No logic of its own. */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { reportTarget } from './report-target.mjs';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Cursus LSP', { log: true });
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 10);
  status.command = 'cursus-lsp.showOutput';
  status.text = '$(loading~spin) Cursus';
  status.tooltip = 'Cursus language server: starting';
  status.show();

  const server = context.asAbsolutePath('out/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module: server, transport: TransportKind.stdio },
    debug: { module: server, transport: TransportKind.stdio, options: { execArgv: ['--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', pattern: '**/*.py' },
    ],
    synchronize: { configurationSection: 'cursus-lsp' },
    outputChannel: output,
    // In Restricted Mode the server checks but runs nothing (it refuses runs and executed contract loading, saying why).
    initializationOptions: { trusted: vscode.workspace.isTrusted, runFinishedNotification: true },
  };
  client = new LanguageClient('cursus-lsp', 'Cursus LSP', serverOptions, clientOptions);
  const restricted = () => (vscode.workspace.isTrusted ? '' : ' (Restricted Mode: checks only, runs are off until the workspace is trusted)');
  client.onDidChangeState((e) => {
    const running = e.newState === State.Running;
    status.text = running ? (vscode.workspace.isTrusted ? '$(check) Cursus' : '$(shield) Cursus') : e.newState === State.Starting ? '$(loading~spin) Cursus' : '$(error) Cursus';
    status.tooltip = `Cursus language server: ${running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped'}${restricted()}`;
    output.info(`language server ${running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped'}${restricted()}`);
  });
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('cursus-lsp.showOutput', () => output.show()),
    vscode.commands.registerCommand('cursus-lsp.restartServer', async () => {
      output.info('restarting the language server on request');
      await client?.restart();
      void vscode.window.showInformationMessage('Cursus: the language server was restarted.');
    }),
    // Trust granted: start again with runs allowed (the server reads trust once, at start).
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.info('workspace trusted: restarting the language server with runs allowed');
      if (client) {
        client.clientOptions.initializationOptions = { trusted: true, runFinishedNotification: true };
        await client.restart();
      }
    }),
    vscode.commands.registerCommand('cursus-lsp.showRunReport', () => showRunReport()),
  );
  await client.start();
  // Each open report page follows its spec: redrawn after every run of it.
  client.onNotification('cursus-lsp/runFinished', (p: { uri: string }) => {
    const panel = reports.get(p.uri);
    if (panel) void fillReport(panel, p.uri);
  });
}

const reports = new Map<string, vscode.WebviewPanel>();

/** The last run of the active spec as the same page `cursus-lint run --format html` writes, in a webview without scripts. */
async function showRunReport(): Promise<void> {
  const groups = vscode.window.tabGroups;
  const uri = reportTarget(
    [...reports].find(([, panel]) => panel.active)?.[0],
    vscode.window.activeTextEditor?.document.uri.toString(),
    [groups.activeTabGroup, ...groups.all].map((g) => (g.activeTab?.input instanceof vscode.TabInputText ? g.activeTab.input.uri.toString() : undefined)),
  );
  if (!uri || !client) {
    void vscode.window.showInformationMessage('Open a pipeline spec, run it (▶ Run pipeline), then show its report.');
    return;
  }
  let panel = reports.get(uri);
  if (!panel) {
    const name = uri.split('/').pop() ?? uri;
    panel = vscode.window.createWebviewPanel('cursusRunReport', `Run: ${decodeURIComponent(name)}`, vscode.ViewColumn.Beside, { enableScripts: false, enableFindWidget: true });
    reports.set(uri, panel);
    panel.onDidDispose(() => reports.delete(uri));
  } else {
    panel.reveal(vscode.ViewColumn.Beside);
  }
  await fillReport(panel, uri);
}

async function fillReport(panel: vscode.WebviewPanel, uri: string): Promise<void> {
  const answer = (await client?.sendRequest('workspace/executeCommand', { command: 'cursus-lsp.runReportHtml', arguments: [uri] })) as { html: string } | null | undefined;
  const csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\';">';
  panel.webview.html = answer?.html
    ? answer.html.replace('<head>', `<head>${csp}`)
    : `<!doctype html><html><head>${csp}</head><body style="font-family:sans-serif"><p>No run of this spec yet. Use the code lens <b>▶ Run pipeline</b> (or <b>▶ Run script</b>); this page shows the result after each run.</p></body></html>`;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
