/** X602: the script reads a key that neither its contract nor the spec provides. */
import { argKey, isContainerPath } from './helpers.js';
import { inScript, resolvedScripts } from './script-helpers.js';
import type { Rule } from './rule.js';

export const scriptReadsUndeclaredKey: Rule = {
  meta: {
    code: 'X602',
    name: 'script-reads-undeclared-key',
    severity: 'warning',
    fixable: false,
    reads: ['script', 'inputs', 'outputs', 'env', 'jobArgs'],
    scope: 'spec',
    docs: {
      summary: 'The script reads a key with `[...]` (or `job_args.x`) that neither its contract nor the spec declares, or falls back with `.get(key, "/opt/ml/...")`.',
      why: 'The first raises KeyError or AttributeError at run time; the second silently uses the container path locally. Plain `.get` fallbacks are fine.',
      bad: '# script: input_paths["METADATA"]; spec and contract know only DATA\ninput_paths:\n  DATA: test/data\n',
      good: 'input_paths:\n  DATA: test/data\n  METADATA: test/metadata\n',
    },
  },
  check(ctx) {
    for (const { spec, file, info } of resolvedScripts(ctx)) {
      const contract = ctx.resolve(spec).contract;
      const declared = {
        input_paths: new Set([...spec.inputs.map((p) => p.key.name), ...(contract?.inputs.map((e) => e.name) ?? [])]),
        output_paths: new Set([...spec.outputs.map((p) => p.key.name), ...(contract?.outputs.map((e) => e.name) ?? [])]),
        environ_vars: new Set([...spec.env.map((v) => v.key.name), ...(contract ? [...contract.requiredEnv, ...contract.optionalEnv].map((e) => e.name) : [])]),
        job_args: new Set([...spec.jobArgs.map((v) => argKey(v.key.name)), ...(contract?.args.map((e) => argKey(e.name)) ?? [])]),
      };
      // With empty job_args Cursus passes Namespace(job_type="testing").
      if (spec.jobArgs.length === 0) declared.job_args.add('job_type');
      const unresolved = new Set(contract?.unresolved.map((u) => u.field) ?? []);
      const seen = new Set<string>();
      for (const read of info.reads) {
        const key = read.target === 'job_args' ? argKey(read.key) : read.key;
        if (seen.has(`${read.target}:${key}`)) continue;
        const known = declared[read.target].has(key);
        const inSpec = read.target === 'job_args' ? spec.jobArgs.some((v) => argKey(v.key.name) === key) : read.target === 'environ_vars' ? spec.env.some((v) => v.key.name === key) : (read.target === 'input_paths' ? spec.inputs : spec.outputs).some((p) => p.key.name === key);
        let message: string | undefined;
        if ((read.how === 'index' || read.how === 'attr') && !known && !contractMayDeclare(read.target, unresolved)) {
          const written = read.how === 'attr' ? `job_args.${read.key}` : `${read.target}["${read.key}"]`;
          message = `Script ${file.path}:${read.at.line + 1} reads ${written}, which neither the spec nor the contract declares: it will raise at run time. Add '${read.key}' under ${read.target}.`;
        } else if (read.how === 'get' && read.fallback !== undefined && isContainerPath(read.fallback) && !inSpec) {
          message = `Script ${file.path}:${read.at.line + 1} falls back to the container path '${read.fallback}' when ${read.target} has no '${read.key}': locally it will read or write there. Add '${read.key}' under ${read.target}.`;
        }
        if (!message) continue;
        seen.add(`${read.target}:${key}`);
        ctx.report({ span: spec.scriptName!.span, message, related: [inScript(file, read.at, read.key.length + 2, `${read.target} '${read.key}' is read here`)] });
      }
    }
  },
};

function contractMayDeclare(target: string, unresolved: Set<string>): boolean {
  const field: Record<string, string[]> = {
    input_paths: ['expected_input_paths'],
    output_paths: ['expected_output_paths'],
    environ_vars: ['required_env_vars', 'optional_env_vars'],
    job_args: ['expected_arguments'],
  };
  return unresolved.has('arguments') || field[target].some((f) => unresolved.has(f));
}
