/** The server re-checks open specs when a contract changes: through file events, and by itself when the client sends none. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { workspace } from './helpers/cli.js';

const contract = (inputs: string) => `from base import ScriptContract\n\nTRAIN_CONTRACT = ScriptContract(\n    entry_point="train.py",\n    expected_input_paths={${inputs}},\n)\n`;

const spec = `script_name: train
step_name: training
input_paths:
  features: data/in
`;

function project() {
  return workspace({
    'pyproject.toml': '[project]\nname = "p"\n',
    'contracts/train_contract.py': contract('"DATA": "/opt/ml/processing/input/data"'),
    'scripts/train.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    return input_paths\n',
    'data/in/x.csv': 'a\n1\n',
  });
}

for (const mode of ['with file events', 'without file events'] as const) {
  test(`a contract edited on disk changes an open spec's diagnostics (${mode})`, async () => {
    const root = project();
    const uri = pathToFileURL(join(root, 'train.spec.yaml')).href;
    const client = new LspClient(root);
    try {
      const caps = mode === 'with file events' ? { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } : {};
      await client.initialize(root, caps);
      await client.open(uri, spec);
      const before = await client.diagnostics(uri);
      assert.deepEqual(before.diagnostics.map((d) => d.code).sort(), ['C202', 'C203']);
      const c202 = before.diagnostics.find((d) => d.code === 'C202')!;
      assert.match(c202.message, /Contract TRAIN_CONTRACT has no input 'features'/);
      const related = (c202 as unknown as { relatedInformation: { location: { uri: string; range: { start: { line: number } } } }[] }).relatedInformation;
      assert.equal(related[0].location.uri, pathToFileURL(join(root, 'contracts/train_contract.py')).href);
      assert.equal(related[0].location.range.start.line, 2, 'points at the contract assignment');

      // Wait a moment so the file's modification time surely differs, then edit the contract on disk.
      await new Promise((r) => setTimeout(r, 30));
      writeFileSync(join(root, 'contracts/train_contract.py'), contract('"features": "/opt/ml/processing/input/features"'));
      if (mode === 'with file events') {
        await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'contracts/train_contract.py')).href, type: 2 }] });
      }
      const after = await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
      assert.deepEqual(after.diagnostics, []);
      await client.shutdown();
    } finally {
      if (client.alive) await client.shutdown().catch(() => undefined);
    }
  });
}

test('a .cursus-lsp.yaml edited on disk takes effect without a restart, even without file events', async () => {
  const root = project();
  const uri = pathToFileURL(join(root, 'train.spec.yaml')).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    await client.open(uri, spec);
    const before = await client.diagnostics(uri);
    assert.ok(before.diagnostics.some((d) => d.code === 'C202'));
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(join(root, '.cursus-lsp.yaml'), 'rules:\n  C2: "off"\n');
    const after = await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code.startsWith('C2')));
    assert.deepEqual(after.diagnostics, []);
    await client.shutdown();
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});
