/** Walks every fixture workspace: each spec file's findings must equal its markers, exactly. */
import { test } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import assert from 'node:assert/strict';
import { loadConfig } from '../server/src/workspace/config.js';
import { findSpecFiles, toPosix } from '../server/src/workspace/discover.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { readSpecFile } from '../server/src/engine/index.js';
import { assertFindings, diagnose } from './helpers/check.js';
import { extractMarkers, parseSidecar } from './helpers/markers.js';
import { fixturesDir } from './helpers/paths.js';
import { factsFromReply } from '../server/src/runner/environment.js';

for (const name of readdirSync(fixturesDir).sort()) {
  const root = join(fixturesDir, name);
  test(`fixture ${name}`, () => {
    const config = loadConfig(root);
    const files = findSpecFiles(root, config).filter((f) => !f.endsWith('.runs.json'));
    if (name === 'not-ours') {
      for (const f of readdirSync(root)) {
        const text = readFileSync(join(root, f), 'utf8');
        assert.equal(readSpecFile(f, text), undefined, `${f} must not be claimed as a spec`);
      }
      return;
    }
    assert.ok(files.length > 0, `fixture ${name} has no spec files`);
    const indexer = new ProjectIndexer(config);
    // A made-up interpreter (cursus_env.py's reply) for the rules about installed modules: the same on every machine.
    const factsFile = join(root, 'python-facts.json');
    if (existsSync(factsFile)) indexer.setPython(factsFromReply(JSON.parse(readFileSync(factsFile, 'utf8')), { command: 'python3', source: 'the test' }));
    const index = indexer.index();
    for (const abs of files) {
      const rel = toPosix(relative(root, abs));
      const raw = readFileSync(abs, 'utf8');
      const sidecar = `${abs}.expected`;
      const { text, expected } = existsSync(sidecar) ? { text: raw, expected: parseSidecar(readFileSync(sidecar, 'utf8')) } : extractMarkers(raw);
      const runsFile = `${abs}.runs.json`;
      const runs = existsSync(runsFile) ? JSON.parse(readFileSync(runsFile, 'utf8')) : undefined;
      const { found } = diagnose(rel, text, { rules: config.rules, runs }, index);
      assertFindings(`${name}/${rel}`, found, expected);
    }
  });
}
