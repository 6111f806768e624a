/**
 * An edit flood over stdio: hundreds of changes with requests in between, many of them cancelled. Every request
 * gets an answer (its result, or RequestCancelled for the cancelled ones the server had not started), versions
 * overtaken by newer edits are not all analysed and published, and the final diagnostics are those of a fresh open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { LspClient } from './helpers/lsp.js';
import { workspace } from './helpers/cli.js';

const REQUEST_CANCELLED = -32800;

function spec(n: number): string {
  const lines = ['dag:', `  nodes: [${Array.from({ length: n }, (_, i) => `s${i}`).join(', ')}]`, '  edges:'];
  for (let i = 1; i < n; i++) lines.push(`    - [s${i - 1}, s${i}]`);
  lines.push('script_specs:');
  for (let i = 0; i < n; i++) lines.push(`  s${i}:`, `    script_name: step_${i}`, `    step_name: s${i}`, '    input_paths:', `      data: out/s${i - 1}`, '    output_paths:', `      data: out/s${i}`, '    environ_vars:', '      LABEL: x');
  return lines.join('\n') + '\n';
}

test('an edit flood with cancelled requests: every request answered, superseded versions dropped, final diagnostics fresh', async () => {
  const root = workspace({ 'pyproject.toml': '[project]\nname = "flood"\n' });
  const uri = pathToFileURL(join(root, 'flood.pipeline.yaml')).href;
  const text = spec(40);
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    await client.open(uri, text);
    await client.diagnostics(uri, (p) => p.version === 1);
    // Type 300 characters into the value of LABEL in the middle spec, with a hover and a code action request
    // after each keystroke; cancel two requests out of three right after sending them.
    const line = text.split('\n').findIndex((l, i, all) => i > all.length / 2 && l.startsWith('      LABEL: x'));
    const pending: Promise<'answered' | 'cancelled'>[] = [];
    const EDITS = 300;
    for (let i = 0; i < EDITS; i++) {
      const at = { line, character: 14 + i };
      void client.change(uri, i + 2, [{ range: { start: at, end: at }, text: String.fromCharCode(97 + (i % 26)) }]);
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri }, position: { line: line - 1, character: 8 } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } }],
      ] as const) {
        const source = new CancellationTokenSource();
        pending.push(
          client.connection.sendRequest(method, params, source.token).then(
            () => 'answered' as const,
            (err: unknown) => {
              if (err instanceof ResponseError && err.code === REQUEST_CANCELLED) return 'cancelled' as const;
              throw err;
            },
          ),
        );
        if (pending.length % 3 !== 0) source.cancel();
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const outcomes = await Promise.race([
      Promise.all(pending),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('requests left unanswered after 60 s')), 60_000))),
    ]).finally(() => clearTimeout(timer));
    assert.equal(outcomes.length, EDITS * 2, 'every request was answered');
    const cancelled = outcomes.filter((o) => o === 'cancelled').length;
    assert.ok(cancelled > 0, 'cancelled requests were answered with RequestCancelled, not worked on');
    assert.ok(cancelled <= (EDITS * 2 * 2) / 3, 'only cancelled requests were refused');

    const last = await client.diagnostics(uri, (p) => p.version === EDITS + 1);
    const published = client.publications.get(uri) ?? 0;
    assert.ok(published < EDITS / 2, `superseded versions are dropped, not all analysed (${published} publications for ${EDITS} edits)`);
    // The final state equals what a fresh open of the same text reports.
    const lines = text.split('\n');
    lines[line] = lines[line] + Array.from({ length: EDITS }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const freshUri = pathToFileURL(join(root, 'fresh.pipeline.yaml')).href;
    await client.open(freshUri, lines.join('\n'));
    const fresh = await client.diagnostics(freshUri);
    assert.deepEqual(last.diagnostics.map((d) => [d.code, d.range, d.message]), fresh.diagnostics.map((d) => [d.code, d.range, d.message]));
    assert.ok(fresh.diagnostics.length > 0);
  } finally {
    await client.shutdown();
  }
});
