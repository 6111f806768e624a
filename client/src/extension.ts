/** The VS Code extension: starts the bundled server and exposes its settings and commands. No logic of its own. */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

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
    initializationOptions: { trusted: vscode.workspace.isTrusted },
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
        client.clientOptions.initializationOptions = { trusted: true };
        await client.restart();
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
