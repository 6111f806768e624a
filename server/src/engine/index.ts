/** The engine's public API: pure analysis of spec files, used by the CLI and the language server alike. */
export { checkFile, severityFor, type CheckOptions, type RuleSetting } from './check.js';
export type { Diagnostic, Fix, RelatedInfo, Severity, TextEdit } from './diagnostics.js';
export { readSpecFile, type AnalysedFile } from './file.js';
export { detectKind, kindFromName, mightBeOurs } from './model/kind.js';
export type { FileKind, SpecModel } from './model/types.js';
export { findRule, rules } from './rules/index.js';
export type { Rule, RuleMeta } from './rules/rule.js';
export { LineIndex, type Position, type Span } from './span.js';
export { outline, type OutlineSymbol } from './symbols.js';
export { applyEdits, applySafeFixes, compatibleFixes } from './edit/apply.js';
export { emptyProject, viewOf, type ProjectIndex, type ScriptFile } from './project.js';
export type { ContractInfo, ContractEntry } from './python/contracts.js';
export type { ScriptInfo, KeyRead } from './python/scripts.js';
export { mergeExecuted, type ExecutedContract } from './python/executed.js';
export { isResolved, mightDefineContract, readContracts, type ContractFileResult } from './python/contracts.js';
export { readScript } from './python/scripts.js';
export { AnalysisCache } from './cache.js';
export { loneSpecName, type EdgeRun, type NodeRun, type RunFrame, type RunMemory } from './runs.js';
