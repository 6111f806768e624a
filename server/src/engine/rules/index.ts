/** The registry of every rule, in catalogue order. A code is never reused once retired. */
import { scriptNotFound } from './c200-script-not-found.js';
import { contractNotFound } from './c201-contract-not-found.js';
import { unknownInputName } from './c202-unknown-input-name.js';
import { missingContractInput } from './c203-missing-contract-input.js';
import { unknownOutputName } from './c204-unknown-output-name.js';
import { missingContractOutput } from './c205-missing-contract-output.js';
import { missingRequiredEnvVar } from './c206-missing-required-env-var.js';
import { unknownEnvVar } from './c207-unknown-env-var.js';
import { missingExpectedArgument } from './c208-missing-expected-argument.js';
import { unknownJobArg } from './c209-unknown-job-arg.js';
import { nonStringEnvValue } from './c210-non-string-env-value.js';
import { containerPathInLocalSpec } from './c211-container-path-in-local-spec.js';
import { contractUnresolvedValue } from './c212-contract-unresolved-value.js';
import { edgeUnknownNode } from './d400-edge-unknown-node.js';
import { dagCycle } from './d401-dag-cycle.js';
import { nodeWithoutSpec } from './d402-node-without-spec.js';
import { specWithoutNode } from './d403-spec-without-node.js';
import { duplicateNodeOrEdge } from './d404-duplicate-node-or-edge.js';
import { isolatedNode } from './d405-isolated-node.js';
import { nodeScriptUnresolved } from './d406-node-script-unresolved.js';
import { unsupportedDagVersion } from './d407-unsupported-dag-version.js';
import { dagMetadataMismatch } from './d408-dag-metadata-mismatch.js';
import { edgeNoLogicalMatch } from './m500-edge-no-logical-match.js';
import { edgeSemanticMatchOnly } from './m501-edge-semantic-match-only.js';
import { inputNotFed } from './m502-input-not-fed.js';
import { ambiguousMatch } from './m503-ambiguous-match.js';
import { requiredDependencyUnbound } from './m504-required-dependency-unbound.js';
import { edgeBindsNothing } from './m505-edge-binds-nothing.js';
import { bindingTie } from './m506-binding-tie.js';
import { providerExcludedBySources } from './m507-provider-excluded-by-sources.js';
import { nodeWithoutConfig } from './k900-node-without-config.js';
import { configScriptNotFound } from './k901-config-script-not-found.js';
import { configModelTypeMismatch } from './k902-config-model-type-mismatch.js';
import { inputPathMissing } from './p300-input-path-missing.js';
import { outputOverlapsInput } from './p301-output-overlaps-input.js';
import { pathEscapesWorkspace } from './p302-path-escapes-workspace.js';
import { outputSharedByNodes } from './p303-output-shared-by-nodes.js';
import { interfaceMissingKey } from './i800-missing-key.js';
import { interfaceInvalidValue } from './i801-invalid-value.js';
import { interfaceWrongType } from './i802-wrong-type.js';
import { interfaceNonStringValue } from './i803-non-string-value.js';
import { interfaceComputeKind } from './i804-compute-kind.js';
import { interfaceContainerPath } from './i805-container-path.js';
import { interfaceEntryPointNotPy } from './i806-entry-point-not-py.js';
import { interfacePortNotInSpec } from './i807-port-not-in-spec.js';
import { interfaceCompatibleSourceTypo } from './i808-compatible-source-typo.js';
import { interfaceScriptNotFound } from './i809-script-not-found.js';
import { interfaceUnknownKey } from './i810-unknown-key.js';
import { interfaceEmptySpec } from './i811-empty-spec.js';
import { interfaceUnknownCompatibleSource } from './i812-unknown-compatible-source.js';
import { interfaceStepTypeNotFileName } from './i813-interface-step-type-not-file-name.js';
import { interfaceScriptNoMain } from './i820-script-no-main.js';
import { interfaceMainSignature } from './i821-main-signature.js';
import { interfaceUndeclaredPort } from './i822-undeclared-port.js';
import { interfaceUndeclaredEnvVar } from './i823-undeclared-env-var.js';
import { interfaceUndeclaredJobArg } from './i824-undeclared-job-arg.js';
import { interfaceUnparsedJobArgument } from './i825-unparsed-job-argument.js';
import { interfaceUnreadRequiredEnvVar } from './i826-unread-required-env-var.js';
import type { Rule } from './rule.js';
import { runScriptFailed } from './r700-run-script-failed.js';
import { runDataIncompatible } from './r701-run-data-incompatible.js';
import { runTimeout } from './r702-run-timeout.js';
import { runMissingInputData } from './r703-run-missing-input-data.js';
import { yamlSyntax } from './s100-yaml-syntax.js';
import { schemaType } from './s101-schema-type.js';
import { unknownKey } from './s102-unknown-key.js';
import { duplicateKey } from './s103-duplicate-key.js';
import { missingField } from './s104-missing-field.js';
import { unusedSuppression } from './s105-unused-suppression.js';
import { scriptNoMain } from './x600-script-no-main.js';
import { mainSignatureMismatch } from './x601-main-signature-mismatch.js';
import { scriptReadsUndeclaredKey } from './x602-script-reads-undeclared-key.js';
import { scriptSyntaxError } from './x603-script-syntax-error.js';
import { missingModule } from './x604-missing-module.js';
import { frameworkRequirementUnmet } from './x605-framework-requirement-unmet.js';

export const rules: readonly Rule[] = [
  yamlSyntax,
  schemaType,
  unknownKey,
  duplicateKey,
  missingField,
  unusedSuppression,
  scriptNotFound,
  contractNotFound,
  unknownInputName,
  missingContractInput,
  unknownOutputName,
  missingContractOutput,
  missingRequiredEnvVar,
  unknownEnvVar,
  missingExpectedArgument,
  unknownJobArg,
  nonStringEnvValue,
  containerPathInLocalSpec,
  contractUnresolvedValue,
  inputPathMissing,
  outputOverlapsInput,
  pathEscapesWorkspace,
  outputSharedByNodes,
  edgeUnknownNode,
  dagCycle,
  nodeWithoutSpec,
  specWithoutNode,
  duplicateNodeOrEdge,
  isolatedNode,
  nodeScriptUnresolved,
  unsupportedDagVersion,
  dagMetadataMismatch,
  edgeNoLogicalMatch,
  edgeSemanticMatchOnly,
  inputNotFed,
  ambiguousMatch,
  requiredDependencyUnbound,
  edgeBindsNothing,
  bindingTie,
  providerExcludedBySources,
  scriptNoMain,
  mainSignatureMismatch,
  scriptReadsUndeclaredKey,
  scriptSyntaxError,
  missingModule,
  frameworkRequirementUnmet,
  runScriptFailed,
  runDataIncompatible,
  runTimeout,
  runMissingInputData,
  interfaceMissingKey,
  interfaceInvalidValue,
  interfaceWrongType,
  interfaceNonStringValue,
  interfaceComputeKind,
  interfaceContainerPath,
  interfaceEntryPointNotPy,
  interfacePortNotInSpec,
  interfaceCompatibleSourceTypo,
  interfaceScriptNotFound,
  interfaceUnknownKey,
  interfaceEmptySpec,
  interfaceUnknownCompatibleSource,
  interfaceStepTypeNotFileName,
  interfaceScriptNoMain,
  interfaceMainSignature,
  interfaceUndeclaredPort,
  interfaceUndeclaredEnvVar,
  interfaceUndeclaredJobArg,
  interfaceUnparsedJobArgument,
  interfaceUnreadRequiredEnvVar,
  nodeWithoutConfig,
  configScriptNotFound,
  configModelTypeMismatch,
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
