/** The shared checks behind C202-C209: names in the spec that the contract lacks, and contract names the spec lacks. */
import { addEntries, type NewEntry } from '../edit/map-insert.js';
import type { Fix } from '../diagnostics.js';
import type { MapEntry } from '../syntax/ast.js';
import type { NameRef, ScriptSpecModel } from '../model/types.js';
import { isOptionalInput, isResolved, type ContractEntry, type ContractField, type ContractInfo } from '../contracts/model.js';
import { SYNTAX_ERROR_REASON } from '../contracts/step-interface.js';
import { didYouMean, renameFixes, suggest } from '../suggest.js';
import { requote } from '../syntax/quote.js';
import { argKey, elsewhere, specsOf } from './helpers.js';
import type { RuleContext } from './rule.js';

export interface NameSection {
  /** What the names are, for messages: "input", "output", "env var", "job argument". */
  what: string;
  /** The spec map's key, for messages and for inserting: `input_paths`, `environ_vars`... */
  key: string;
  /** Contract fields these names come from (all must be resolved for "unknown" findings). */
  fields: ContractField[];
  spec(s: ScriptSpecModel): { names: NameRef[]; holder?: MapEntry };
  contract(c: ContractInfo): ContractEntry[];
  /** How names compare (arguments treat - and _ alike). */
  normalise?: (n: string) => string;
}

/** Spec names the contract does not declare; `skip` lets a rule accept names known from elsewhere. */
export function checkUnknown(ctx: RuleContext, section: NameSection, skip: (spec: ScriptSpecModel, name: string) => boolean = () => false): void {
  const norm = section.normalise ?? ((n: string) => n);
  for (const { spec } of specsOf(ctx)) {
    const contract = ctx.resolve(spec).contract;
    if (!contract || !section.fields.every((f) => isResolved(contract, f))) continue;
    const declared = section.contract(contract);
    const known = new Set(declared.map((e) => norm(e.name)));
    const { names } = section.spec(spec);
    const used = new Set(names.map((n) => norm(n.name)));
    const free = declared.filter((e) => !used.has(norm(e.name))).map((e) => e.name);
    for (const n of names) {
      if (known.has(norm(n.name)) || skip(spec, n.name)) continue;
      const suggestions = suggest(n.name, free);
      const original = ctx.file.text.slice(n.span.start, n.span.end);
      const list = declared.length ? ` It declares: ${declared.map((e) => e.name).join(', ')}.` : ` It declares no ${section.what}s.`;
      ctx.report({
        span: n.span,
        message: `Contract ${contract.name} has no ${section.what} '${n.name}'.${didYouMean(suggestions)}${suggestions.length ? '' : list}`,
        fixes: renameFixes(n.span, suggestions, (x) => requote(original, x)),
        related: [elsewhere(contract.file, contract.nameAt, contract.name.length, `contract ${contract.name}`)],
      });
    }
  }
}

/**
 * Contract names the spec does not provide, each reported on the spec's map key with a fix adding it. The fix is
 * unsafe: the value it writes (a local test path, an empty env var) is a starting point for the user to review.
 */
export function checkMissing(ctx: RuleContext, section: NameSection, valueFor: (spec: ScriptSpecModel, entry: ContractEntry, contract: ContractInfo) => string): void {
  const norm = section.normalise ?? ((n: string) => n);
  for (const { spec } of specsOf(ctx)) {
    const contract = ctx.resolve(spec).contract;
    // An interface past a syntax error lists the parser's guess, not what the step declares (its S100 says so).
    if (!contract || contract.unresolved.some((u) => u.reason === SYNTAX_ERROR_REASON)) continue;
    const { names, holder } = section.spec(spec);
    const present = new Set(names.map((n) => norm(n.name)));
    // An input the step runs without (`required: false`, `skip_inputs`, `input_source_overrides`) is not missing.
    const missing = section.contract(contract).filter((e) => !present.has(norm(e.name)) && !(section === inputSection && isOptionalInput(contract, e.name)));
    if (missing.length === 0) continue;
    const span = holder ? holder.key.span : spec.anchor;
    const keyFor = (e: ContractEntry) => (section.normalise ? section.normalise(e.name) : e.name);
    const add = (entries: ContractEntry[], title: string): Fix | undefined => {
      const edit = addEntries(ctx.file.text, ctx.file.language, spec.node, holder, section.key, entries.map((e): NewEntry => ({ key: keyFor(e), value: valueFor(spec, e, contract) })));
      return edit ? { title, safe: false, edits: [edit] } : undefined;
    };
    const all = missing.length > 1 ? add(missing, `Add all ${missing.length} missing ${section.what}s`) : undefined;
    for (const e of missing) {
      const one = add([e], `Add ${section.what} '${keyFor(e)}'`);
      ctx.report({
        span,
        message: `Missing ${section.what} '${keyFor(e)}' declared by contract ${contract.name}. Add it under ${section.key}.`,
        fixes: [one, all].filter((f): f is Fix => f !== undefined),
        related: [elsewhere(contract.file, e.at, e.name.length + 2, `declared here`)],
      });
    }
  }
}

export const inputSection: NameSection = {
  what: 'input',
  key: 'input_paths',
  fields: ['expected_input_paths'],
  spec: (s) => ({ names: s.inputs.map((p) => p.key), holder: s.inputsEntry }),
  contract: (c) => c.inputs,
};

export const outputSection: NameSection = {
  what: 'output',
  key: 'output_paths',
  fields: ['expected_output_paths'],
  spec: (s) => ({ names: s.outputs.map((p) => p.key), holder: s.outputsEntry }),
  contract: (c) => c.outputs,
};

export const requiredEnvSection: NameSection = {
  what: 'required env var',
  key: 'environ_vars',
  fields: ['required_env_vars'],
  spec: (s) => ({ names: s.env.map((v) => v.key), holder: s.envEntry }),
  contract: (c) => c.requiredEnv,
};

export const envSection: NameSection = {
  what: 'env var',
  key: 'environ_vars',
  fields: ['required_env_vars', 'optional_env_vars'],
  spec: (s) => ({ names: s.env.map((v) => v.key), holder: s.envEntry }),
  contract: (c) => [...c.requiredEnv, ...c.optionalEnv],
};

export const argSection: NameSection = {
  what: 'argument',
  key: 'job_args',
  fields: ['expected_arguments'],
  spec: (s) => ({ names: s.jobArgs.map((v) => v.key), holder: s.jobArgsEntry }),
  contract: (c) => c.args,
  normalise: argKey,
};
