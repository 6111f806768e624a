/** Project root and configuration: `[tool.cursus-lsp]` in pyproject.toml or `.cursus-lsp.yaml`, the same keys for CLI and server. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYamlText } from 'yaml';
import picomatch from 'picomatch';
import { compareTwoStrings } from 'string-similarity';
import { z } from 'zod';
// Codes and names only: checking a rule key does not load every rule.
import { RULE_NAMES as allRules } from '../engine/rules/catalogue.js';
import type { RuleSetting } from '../engine/check.js';

import { CONFIG_FILE } from './project-root.js';
export { CONFIG_FILE, findProjectRoot } from './project-root.js';

const severity = z.enum(['error', 'warning', 'info', 'hint', 'off']);

export const ConfigSchema = z.strictObject({
  contracts: z.array(z.string()).optional().describe('Folders or globs holding contract files.'),
  scripts: z.array(z.string()).optional().describe('Folders or globs holding scripts.'),
  interfaces: z.array(z.string()).optional().describe('Folders or globs holding Cursus 2.9 step interfaces (.step.yaml).'),
  include: z.array(z.string()).optional().describe('Globs of spec files to check.'),
  exclude: z.array(z.string()).optional().describe('Globs of files and folders to skip.'),
  python: z.string().optional().describe('Python interpreter for runs and executed discovery.'),
  'semantic-threshold': z.number().min(0).max(1).optional(),
  timeout: z.number().positive().optional().describe('Seconds a script may run.'),
  jobs: z.number().int().positive().optional(),
  rules: z.record(z.string(), severity).optional().describe('Code, code prefix or rule name to a severity or off.'),
  'per-path-rules': z
    .record(z.string(), z.record(z.string(), severity))
    .optional()
    .describe('Globs (relative to the project root) to rule settings for the files they match, applied over `rules`, later globs winning.'),
  'pipeline-config': z.string().optional().describe('Cursus 2.9 pipeline configuration JSON (project-relative) that DAG files are checked against.'),
});

export interface ProjectConfig {
  root: string;
  /** The file the settings came from, if any. */
  source?: string;
  contracts: string[];
  scripts: string[];
  /** Globs (or folders) of `.step.yaml` step interfaces. */
  interfaces: string[];
  include: string[];
  exclude: string[];
  python?: string;
  semanticThreshold: number;
  timeout: number;
  jobs?: number;
  rules: Record<string, RuleSetting>;
  /** A Cursus 2.9 pipeline configuration (project-relative) that DAG files are checked against. */
  pipelineConfig?: string;
  /** Rule settings for the files a glob matches (relative to the root), applied over `rules` in order. */
  perPathRules?: { glob: string; match: (path: string) => boolean; rules: Record<string, RuleSetting> }[];
}

/** The rule settings for one file: the project's, then those of every `per-path-rules` glob matching it. */
export function rulesFor(config: ProjectConfig, enginePath: string): Record<string, RuleSetting> {
  if (!config.perPathRules?.length) return config.rules;
  let out = config.rules;
  for (const p of config.perPathRules) {
    if (!p.match(enginePath)) continue;
    // A per-path key wins over every setting it covers, even a more specific one (`S1: off` over `S102: info`).
    const next: Record<string, RuleSetting> = {};
    for (const [key, value] of Object.entries(out)) if (!Object.keys(p.rules).some((k) => covers(k, key))) next[key] = value;
    out = { ...next, ...p.rules };
  }
  return out;
}

/** Whether settings key `outer` (code, prefix or rule name) applies to every rule `inner` applies to. */
function covers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const codeOf = (k: string) => allRules.find((r) => r.name === k)?.code ?? k.toUpperCase();
  return !allRules.some((r) => r.name === outer) && codeOf(inner).startsWith(outer.toUpperCase());
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/.venv/**', '**/venv/**', '**/.tox/**', '**/__pycache__/**', '**/site-packages/**', '**/build/**', '**/dist/**', '**/.mypy_cache/**', '**/.cursus-runs/**'];

export function defaultConfig(root: string): ProjectConfig {
  return {
    root,
    contracts: ['**/contracts/*.py', '**/*_contract.py'],
    scripts: ['**/scripts/*.py'],
    interfaces: ['**/steps/interfaces/*.step.yaml', '**/interfaces/*.step.yaml'],
    include: [],
    exclude: [],
    semanticThreshold: 0.7,
    timeout: 60,
    rules: {},
  };
}

/** Editor settings, applied under the project's own configuration files. */
export interface Settings {
  python?: string;
  semanticThreshold?: number;
  timeout?: number;
  rules?: Record<string, RuleSetting>;
  /** Globs to rule settings, as `per-path-rules` in the configuration file (whose own globs come after, winning). */
  perPathRules?: Record<string, Record<string, RuleSetting>>;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

/**
 * Editor settings checked like the configuration file: a rule key that names no rule and a severity that is not
 * one are reported (each with its fix) and that entry is left out; the rest applies.
 */
export function checkSettings(raw: Settings): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const rulesOf = (value: unknown, where: string): Record<string, RuleSetting> | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`the editor setting ${where} must be an object of rule code, prefix or name to a severity; it is ignored.`);
      return undefined;
    }
    const out: Record<string, RuleSetting> = {};
    for (const [key, severity] of Object.entries(value as Record<string, unknown>)) {
      const bad = ruleKeyProblem(key);
      if (bad) problems.push(`the editor setting ${where}: '${key}': ${bad} The entry is ignored.`);
      else if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) problems.push(`the editor setting ${where}.${key}: ${JSON.stringify(severity)} is not a severity; use ${SEVERITIES.join(', ')}. The entry is ignored.`);
      else out[key] = severity as RuleSetting;
    }
    return out;
  };
  const settings: Settings = { ...raw };
  if ('rules' in raw) settings.rules = rulesOf(raw.rules, 'cursus-lsp.rules');
  if ('perPathRules' in raw) {
    const perPath = raw.perPathRules as unknown;
    if (perPath !== undefined && perPath !== null && (typeof perPath !== 'object' || Array.isArray(perPath))) {
      problems.push('the editor setting cursus-lsp.perPathRules must be an object of glob to rule settings; it is ignored.');
      settings.perPathRules = undefined;
    } else if (perPath) {
      settings.perPathRules = Object.fromEntries(Object.entries(perPath).flatMap(([glob, rules]) => {
        const r = rulesOf(rules, `cursus-lsp.perPathRules."${glob}"`);
        return r ? [[glob, r]] : [];
      }));
    }
  }
  return { settings, problems };
}

/** Reads the project's configuration; a malformed file throws ConfigError naming the file, the key and the fix. */
export function loadConfig(root: string, explicitFile?: string, settings: Settings = {}): ProjectConfig {
  const base = withSettings(defaultConfig(root), settings);
  const candidates = explicitFile ? [resolve(explicitFile)] : [join(root, CONFIG_FILE), join(root, 'pyproject.toml')];
  for (const file of candidates) {
    if (!existsSync(file)) {
      if (explicitFile) throw new ConfigError(`Config file not found: ${file}`);
      continue;
    }
    const raw = readSection(file);
    if (raw === undefined) continue;
    return { ...applySection(base, raw, file), source: file };
  }
  return base;
}

export function withSettings(c: ProjectConfig, s: Settings): ProjectConfig {
  return {
    ...c,
    python: s.python || c.python,
    semanticThreshold: typeof s.semanticThreshold === 'number' && s.semanticThreshold >= 0 && s.semanticThreshold <= 1 ? s.semanticThreshold : c.semanticThreshold,
    timeout: typeof s.timeout === 'number' && s.timeout > 0 ? s.timeout : c.timeout,
    rules: { ...c.rules, ...(s.rules ?? {}) },
    perPathRules: s.perPathRules && Object.keys(s.perPathRules).length ? [...(c.perPathRules ?? []), ...Object.entries(s.perPathRules).map(([glob, rules]) => perPathEntry(glob, rules))] : c.perPathRules,
  };
}

function perPathEntry(glob: string, rules: Record<string, RuleSetting>): NonNullable<ProjectConfig['perPathRules']>[number] {
  return { glob, match: picomatch(glob.replace(/^\.\//, '').replace(/\/$/, '/**'), { dot: true }), rules };
}

function readSection(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    if (file.endsWith('.toml')) {
      const doc = parseToml(text) as { tool?: Record<string, unknown> };
      return doc.tool?.['cursus-lsp'];
    }
    return parseYamlText(text) ?? {};
  } catch (err) {
    throw new ConfigError(`${file}: cannot be parsed: ${(err as Error).message.split('\n')[0]}. Fix the syntax or remove the file.`);
  }
}

function applySection(base: ProjectConfig, raw: unknown, file: string): ProjectConfig {
  const result = ConfigSchema.safeParse(raw);
  // Every fault at once, each with the value written and the fix, so one edit of the file mends them all.
  const problems = result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, raw));
  const ruleKeys = (c: Record<string, unknown> | undefined, at: string) => {
    for (const key of Object.keys(c ?? {})) {
      const problem = ruleKeyProblem(key);
      if (problem) problems.push(`${at}.${key}: ${problem}`);
    }
  };
  const section = (raw ?? {}) as { rules?: Record<string, unknown>; 'per-path-rules'?: Record<string, Record<string, unknown>> };
  if (section.rules && typeof section.rules === 'object') ruleKeys(section.rules, 'rules');
  for (const [glob, settings] of Object.entries(section['per-path-rules'] ?? {})) if (settings && typeof settings === 'object') ruleKeys(settings, `per-path-rules."${glob}"`);
  if (problems.length === 1) throw new ConfigError(`${file}: ${problems[0]}`);
  if (problems.length > 1) throw new ConfigError(`${file}: ${problems.length} problems in the cursus-lsp settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const c = result.data!;
  const perPathRules = Object.entries(c['per-path-rules'] ?? {}).map(([glob, settings]) => perPathEntry(glob, settings));
  return {
    ...base,
    contracts: c.contracts ?? base.contracts,
    scripts: c.scripts ?? base.scripts,
    interfaces: c.interfaces ?? base.interfaces,
    include: c.include ?? base.include,
    exclude: c.exclude ?? base.exclude,
    python: c.python ?? base.python,
    semanticThreshold: c['semantic-threshold'] ?? base.semanticThreshold,
    pipelineConfig: c['pipeline-config'] ?? base.pipelineConfig,
    timeout: c.timeout ?? base.timeout,
    jobs: c.jobs ?? base.jobs,
    rules: { ...base.rules, ...(c.rules ?? {}) },
    // The editor's per-path settings first, the file's after them (later globs win).
    perPathRules: perPathRules.length ? [...(base.perPathRules ?? []), ...perPathRules] : base.perPathRules,
  };
}

/** A schema fault, one problem per unknown key: where, the value written, what is expected, and the nearest allowed value or key. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const where = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  let value: unknown = raw;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  const near = (given: unknown, allowed: string[]) => {
    if (typeof given !== 'string') return '';
    const best = allowed.map((a) => ({ a, score: compareTwoStrings(a.toLowerCase(), given.toLowerCase()) })).sort((x, y) => y.score - x.score)[0];
    return best && best.score >= 0.4 ? ` Did you mean '${best.a}'?` : '';
  };
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(ConfigSchema.shape);
    const at = issue.path.length ? ` at '${where}'` : '';
    return issue.keys.map((k) => `invalid cursus-lsp setting${at}: unknown key '${k}'.${near(k, known) || ` Known keys: ${known.join(', ')}.`}`)
  }
  const shown = value === undefined ? '' : ` (${JSON.stringify(value)})`;
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map(String);
    return [`invalid cursus-lsp setting at '${where}'${shown}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}.${near(value, allowed)}`];
  }
  return [`invalid cursus-lsp setting at '${where}'${shown}: ${issue.message}.`];
}

/** A rule key must name a rule, a code, or a prefix of some code; otherwise it is a typo, said with the fix. */
function ruleKeyProblem(key: string): string | undefined {
  const upper = key.toUpperCase();
  if (allRules.some((r) => r.name === key || r.code.startsWith(upper))) return undefined;
  const candidates = allRules.flatMap((r) => [r.code, r.name]);
  // `C2O7`, `D4l5`: a letter typed for a digit.
  const digits = /^[A-Z][0-9OIL]+$/.test(upper) ? upper[0] + upper.slice(1).replace(/O/g, '0').replace(/[IL]/g, '1') : undefined;
  if (digits && allRules.some((r) => r.code === digits)) return `no rule has this code or name. Did you mean '${digits}'?`;
  const best = candidates.map((c) => ({ c, score: compareTwoStrings(c.toLowerCase(), key.toLowerCase()) })).sort((a, b) => b.score - a.score)[0];
  const sameLetter = allRules.map((r) => r.code).filter((c) => /^[A-Z]\d+$/.test(upper) && c[0] === upper[0]);
  const hint = best && best.score >= 0.5
    ? ` Did you mean '${best.c}'?`
    : sameLetter.length
      ? ` The ${upper[0]} codes are ${sameLetter.join(', ')}.`
      : ' Use a code (C207), a code prefix (C2) or a rule name (unknown-env-var); `cursus-lint explain` lists them.';
  return `no rule has this code or name.${hint}`;
}
