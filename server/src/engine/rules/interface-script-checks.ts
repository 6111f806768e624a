/**
 * The script of a step interface read against it: what Cursus's `author.check_script` checks (CURSUS-TODAY
 * sections 2 and 8), each finding placed on the interface line a user changes, with the script line as related
 * information. Skipped for steps with no local script (null entry point, SAIS SDK) and when the script is absent
 * (I809 says so) or does not parse.
 */
import type { RelatedInfo } from '../diagnostics.js';
import type { ContractInfo } from '../contracts/model.js';
import { applyVariant, type StepInterface } from '../contracts/step-interface.js';
import type { ProjectView, ScriptFile } from '../project.js';
import { MAIN_PARAMS, type ScriptInfo } from '../python/scripts.js';
import type { Position, Span } from '../span.js';
import { entry, isMap, type MapNode } from '../syntax/ast.js';
import { didYouMean, suggest } from '../suggest.js';
import type { InterfaceIssue } from './interface-checks.js';
import { inScript } from './script-helpers.js';

/** Flags compare as Cursus's C6 does: leading dashes stripped, `-` as `_`. */
export function normalFlag(flag: string): string {
  return flag.replace(/^-+/, '').replace(/-/g, '_');
}

export function checkScriptAgainstInterface(iface: StepInterface, root: MapNode, project: ProjectView, out: InterfaceIssue[]): void {
  const base = iface.contract;
  if (!base?.entryPoint || base.scriptless) return;
  const file = project.scriptOfContract(base);
  const info = file?.read();
  if (!file || !info || info.syntaxError) return;
  // A script serves every job type: a name any variant declares is declared.
  const readings = [base, ...iface.variants.map((v) => applyVariant(iface, v)).filter((c): c is ContractInfo => c !== undefined)];
  const contract = entry(root, 'contract');
  const contractMap = isMap(contract?.value) ? contract.value : undefined;
  const anchor = (...path: string[]): Span => {
    let holder: MapNode | undefined = contractMap;
    let span = contract?.key.span ?? base.nameSpan;
    for (const key of path) {
      const e = holder ? entry(holder, key) : undefined;
      if (!e) break;
      span = e.key.span;
      holder = isMap(e.value) ? e.value : undefined;
    }
    return span;
  };
  const at = (p: Position, length: number, message: string): RelatedInfo[] => [inScript(file, p, length, message)];

  if (!info.main) {
    out.push({ code: 'I820', span: base.entryPoint.span, message: `Script ${file.path} has no 'def main': Cursus calls main(input_paths, output_paths, environ_vars, job_args). Add it.` });
    return;
  }
  const params = info.main.params.slice(0, 4);
  if (MAIN_PARAMS.some((p, i) => params[i] !== p)) {
    out.push({
      code: 'I821',
      span: base.entryPoint.span,
      message: `main in ${file.path} takes (${info.main.params.join(', ')}); Cursus's first four parameters are (${MAIN_PARAMS.join(', ')}), passed positionally. Rename them in the script.`,
      related: at(info.main.at, 4, 'main is defined here'),
    });
  }
  portReads(info, readings, 'input_paths', anchor('inputs'), file, out);
  portReads(info, readings, 'output_paths', anchor('outputs'), file, out);
  envReads(info, readings, anchor('env_vars'), file, out);
  jobArgReads(info, readings, anchor(contractMap && entry(contractMap, 'arguments') ? 'arguments' : 'job_arguments'), file, out);
  parsedFlags(info, base, anchor('job_arguments'), file, out);
  unreadRequired(info, base, file, out);
}

function portReads(info: ScriptInfo, readings: ContractInfo[], target: 'input_paths' | 'output_paths', span: Span, file: ScriptFile, out: InterfaceIssue[]): void {
  const declared = new Set(readings.flatMap((c) => (target === 'input_paths' ? c.inputs : c.outputs).map((e) => e.name)));
  const section = target === 'input_paths' ? 'inputs' : 'outputs';
  const seen = new Set<string>();
  for (const r of info.reads) {
    if (r.target !== target || declared.has(r.key) || seen.has(r.key)) continue;
    seen.add(r.key);
    const near = suggest(r.key, declared);
    out.push({
      code: 'I822',
      span,
      message: `Script ${file.path}:${r.at.line + 1} reads ${target}["${r.key}"], which contract.${section} does not declare: Cursus never provides it.${didYouMean(near)} Declare '${r.key}' under contract.${section} (and in the spec), or fix the script.`,
      related: [inScript(file, r.at, r.key.length + 2, `${target} '${r.key}' is read here`)],
    });
  }
}

function envReads(info: ScriptInfo, readings: ContractInfo[], span: Span, file: ScriptFile, out: InterfaceIssue[]): void {
  const declared = new Set(readings.flatMap((c) => [...c.requiredEnv, ...c.optionalEnv].map((e) => e.name)));
  const seen = new Set<string>();
  for (const r of info.reads) {
    if (r.target !== 'environ_vars' || declared.has(r.key) || seen.has(r.key)) continue;
    seen.add(r.key);
    out.push({
      code: 'I823',
      span,
      message: `Script ${file.path}:${r.at.line + 1} reads environ_vars "${r.key}", which contract.env_vars does not declare.${didYouMean(suggest(r.key, declared))} Add it under env_vars.optional (with its default) or env_vars.required.`,
      related: [inScript(file, r.at, r.key.length + 2, `env var '${r.key}' is read here`)],
    });
  }
}

/** C5, widened as CURSUS-TODAY section 8 advises: names declared by `job_arguments` count too, not only `arguments`. */
function jobArgReads(info: ScriptInfo, readings: ContractInfo[], span: Span, file: ScriptFile, out: InterfaceIssue[]): void {
  const declared = new Set<string>();
  for (const c of readings) {
    for (const a of c.args) declared.add(normalFlag(a.name));
    for (const j of c.jobArguments ?? []) declared.add(normalFlag(j.flag));
  }
  const seen = new Set<string>();
  for (const r of info.reads) {
    if (r.target !== 'job_args' || r.how !== 'attr' || declared.has(normalFlag(r.key)) || seen.has(r.key)) continue;
    seen.add(r.key);
    out.push({
      code: 'I824',
      span,
      message: `Script ${file.path}:${r.at.line + 1} reads job_args.${r.key}, which neither contract.arguments nor contract.job_arguments declares. Add '- flag: --${r.key}' under job_arguments (with its config source).`,
      related: [inScript(file, r.at, r.key.length, `job_args.${r.key} is read here`)],
    });
  }
}

/** C6 (Processing steps): a declared flag the script's argparse never defines. */
function parsedFlags(info: ScriptInfo, base: ContractInfo, span: Span, file: ScriptFile, out: InterfaceIssue[]): void {
  const flags = base.jobArguments ?? [];
  if (flags.length === 0 || base.sagemakerStepType !== 'Processing') return;
  if (!info.hasParser) {
    out.push({ code: 'I825', span, message: `contract.job_arguments declares ${flags.map((f) => f.flag).join(', ')}, but ${file.path} builds no argparse parser: SageMaker passes these flags on the command line. Parse them in the script (argparse add_argument), or remove them here.` });
    return;
  }
  if (info.parserArguments.some((a) => a.dynamic)) return; // a flag built at run time may be any of them
  const defined = new Set<string>();
  for (const a of info.parserArguments) {
    for (const f of a.flags) defined.add(normalFlag(f));
    if (a.dest) defined.add(normalFlag(a.dest));
  }
  for (const f of flags) {
    if (defined.has(normalFlag(f.flag))) continue;
    const near = suggest(normalFlag(f.flag), defined);
    out.push({
      code: 'I825',
      span: f.span,
      message: `Flag ${f.flag} is declared here but ${file.path} never defines it with add_argument: the script's parser rejects the command line.${didYouMean(near)} Add parser.add_argument("${f.flag}") to the script, or fix the flag.`,
      related: info.parserArguments[0] ? [inScript(file, info.parserArguments[0].at, 3, 'the parser is built here')] : undefined,
    });
  }
}

/** C7: a required env var the script never reads (environ_vars anywhere, os.environ outside `environ_vars = {...}`). */
function unreadRequired(info: ScriptInfo, base: ContractInfo, file: ScriptFile, out: InterfaceIssue[]): void {
  const read = new Set([...info.reads.filter((r) => r.target === 'environ_vars').map((r) => r.key), ...info.osEnvReads.map((r) => r.key)]);
  for (const e of base.requiredEnv) {
    if (read.has(e.name)) continue;
    out.push({
      code: 'I826',
      span: e.span,
      message: `Required env var '${e.name}' is never read by ${file.path} (neither environ_vars nor os.environ): callers must set it for nothing. Read it in the script, or move it to env_vars.optional.`,
    });
  }
}
