/** The registry of every rule, sorted by code. A code is never reused once retired. */
import { edgeUnknownNode } from './d400-edge-unknown-node.js';
import { dagCycle } from './d401-dag-cycle.js';
import { nodeWithoutSpec } from './d402-node-without-spec.js';
import { specWithoutNode } from './d403-spec-without-node.js';
import { duplicateNodeOrEdge } from './d404-duplicate-node-or-edge.js';
import { isolatedNode } from './d405-isolated-node.js';
import { unsupportedDagVersion } from './d407-unsupported-dag-version.js';
import type { Rule } from './rule.js';
import { yamlSyntax } from './s100-yaml-syntax.js';
import { schemaType } from './s101-schema-type.js';
import { unknownKey } from './s102-unknown-key.js';
import { duplicateKey } from './s103-duplicate-key.js';
import { missingField } from './s104-missing-field.js';

export const rules: readonly Rule[] = [
  yamlSyntax,
  schemaType,
  unknownKey,
  duplicateKey,
  missingField,
  edgeUnknownNode,
  dagCycle,
  nodeWithoutSpec,
  specWithoutNode,
  duplicateNodeOrEdge,
  isolatedNode,
  unsupportedDagVersion,
];

const byKey = new Map<string, Rule>();
for (const r of rules) {
  byKey.set(r.meta.code.toUpperCase(), r);
  byKey.set(r.meta.name, r);
}

/** A rule by its code (`C202`, any case) or its name (`unknown-input-name`). */
export function findRule(codeOrName: string): Rule | undefined {
  return byKey.get(codeOrName.toUpperCase()) ?? byKey.get(codeOrName.toLowerCase());
}
