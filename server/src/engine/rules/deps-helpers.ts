/** What X604, X605, `run` and `deps` share: a script's missing imports and its contract's unmet requirements. */
import { satisfies, validRange } from '@renovatebot/pep440';
import type { ContractEntry, ContractInfo } from '../contracts/model.js';
import type { ProjectIndex, ScriptFile } from '../project.js';
import { asSpecifier, normalizeDistribution, scriptDependencies, type Dependency, type PythonFacts } from '../python/environment.js';
import type { ScriptInfo } from '../python/scripts.js';

export interface MissingModule {
  /** The first import of that top-level module (where to point). */
  dependency: Dependency;
  distribution: string;
  /** The contract's specifier for that distribution, when it gives one. */
  specifier?: string;
}

/** The contract's framework requirements by normalized distribution name. */
export function requirementSpecifiers(contract: ContractInfo | undefined): Map<string, string> {
  return new Map((contract?.frameworkRequirements ?? []).map((r) => [normalizeDistribution(r.name), asSpecifier(r.value)]));
}

/** Imports the interpreter cannot satisfy, one per top-level module; optional ones (try/except ImportError) excluded. */
export function missingModules(file: ScriptFile, info: ScriptInfo, index: ProjectIndex, contract: ContractInfo | undefined, facts: PythonFacts): MissingModule[] {
  const specs = requirementSpecifiers(contract);
  const seen = new Set<string>();
  const out: MissingModule[] = [];
  for (const d of scriptDependencies(file, info, index, facts)) {
    if (d.kind !== 'missing' || d.ref.optional || seen.has(d.ref.top)) continue;
    seen.add(d.ref.top);
    out.push({ dependency: d, distribution: d.distribution!, specifier: specs.get(normalizeDistribution(d.distribution!)) || undefined });
  }
  return out;
}

export interface UnmetRequirement {
  entry: ContractEntry;
  specifier: string;
  /** Installed version, or undefined when the distribution is not installed. */
  installed?: string;
  /** The specifier is not valid PEP 440. */
  invalid?: boolean;
}

/** Framework requirements the interpreter does not meet (version outside the specifier, or not installed). */
export function unmetRequirements(contract: ContractInfo | undefined, facts: PythonFacts): UnmetRequirement[] {
  const out: UnmetRequirement[] = [];
  for (const entry of contract?.frameworkRequirements ?? []) {
    const specifier = asSpecifier(entry.value);
    // `python` names the interpreter itself (Cursus contracts write `python: '>=3.7'`), not a distribution.
    const name = normalizeDistribution(entry.name);
    const installed = name === 'python' ? facts.version : facts.distributions.get(name)?.version;
    if (specifier && !validRange(specifier)) out.push({ entry, specifier, installed, invalid: true });
    else if (installed === undefined) out.push({ entry, specifier });
    else if (specifier && !satisfies(installed, specifier)) out.push({ entry, specifier, installed });
  }
  return out;
}
