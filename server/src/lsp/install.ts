/**
 * Installing what X604 finds missing, on the user's explicit request only (a code action): into the project's
 * virtualenv with its own pip, never into a system interpreter (the command says so and installs nothing).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection } from 'vscode-languageserver/node';
import { missingModules, viewOf, type AnalysedFile, type Diagnostic, type ProjectIndex } from '../engine/index.js';
import { scriptSpecsOf } from '../engine/model/build.js';
import { resolveSpec } from '../engine/resolve.js';
import { pythonFacts } from '../runner/environment.js';
import { choosePython, runPython } from '../runner/python.js';
import type { ProjectConfig } from '../workspace/config.js';
import { toLspDiagnostic } from './convert.js';
import { tell } from './tell.js';

export const INSTALL_COMMAND = 'cursus-lsp.installMissing';

/** `pandas>=1.3`, as pip takes it. */
type Requirement = string;

/** One action per X604 finding in the asked range: install every distribution that spec's script lacks. */
export function installActions(file: AnalysedFile, found: Diagnostic[], index: ProjectIndex, config: ProjectConfig, uri: string, params: CodeActionParams, toUri: (rel: string) => string): CodeAction[] {
  const facts = index.python;
  if (!facts) return [];
  const start = file.lines.offset(params.range.start);
  const end = file.lines.offset(params.range.end);
  const asked = params.context.diagnostics ?? [];
  const view = viewOf(index);
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of found) {
    if (d.code !== 'X604') continue;
    const line = file.lines.position(d.span.start).line;
    if (!(d.span.start <= end && start <= d.span.end) && !asked.some((c) => String(c.code) === 'X604' && c.range.start.line === line)) continue;
    const spec = scriptSpecsOf(file.model).find((s) => s.spec.scriptName?.span.start === d.span.start)?.spec;
    if (!spec || seen.has(String(d.span.start))) continue;
    seen.add(String(d.span.start));
    const r = resolveSpec(spec, view);
    const info = r.script?.read();
    if (!r.script || !info) continue;
    const reqs: Requirement[] = missingModules(r.script, info, index, r.contract, facts).map((m) => `${m.distribution}${m.specifier ?? ''}`);
    if (!reqs.length) continue;
    const target = facts.inVenv ? `into ${facts.command}` : `(${facts.command} is not a virtualenv: see how)`;
    actions.push({
      title: `Install ${reqs.join(', ')} ${target}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: found.filter((x) => x.code === 'X604' && x.span.start === d.span.start).map((x) => toLspDiagnostic(file.lines, uri, x, toUri)),
      command: { title: 'Install missing modules', command: INSTALL_COMMAND, arguments: [config.root, reqs] },
    });
  }
  return actions;
}

/**
 * Runs `<venv python> -m pip install REQS` for the project's interpreter, with progress. Refuses (with the
 * reason and what to do) when the interpreter is not a virtualenv. Returns whether it installed.
 */
export async function installMissing(connection: Connection, config: ProjectConfig, reqs: unknown): Promise<boolean> {
  const list = Array.isArray(reqs) ? reqs.filter((r): r is string => typeof r === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*([<>=!~,.*\s\w]*)$/.test(r)) : [];
  if (!list.length) throw new Error('Nothing to install.');
  const choice = choosePython({ setting: config.python, root: config.root });
  const r = await pythonFacts(choice, config.root);
  if ('problem' in r) throw new Error(r.problem);
  const facts = r.facts;
  if (!facts.inVenv) {
    tell(connection, 'warning', `cursus-lsp: ${facts.command} (from ${facts.source}, ${facts.executable}) is not a virtualenv, and cursus-lsp installs only into a project's virtualenv, never into a system interpreter. Create one (python3 -m venv .venv in ${config.root}; cursus-lsp uses it), or install yourself: pip install ${list.map((x) => `'${x}'`).join(' ')}`);
    return false;
  }
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin(`Installing ${list.join(', ')}`, undefined, `${facts.executable} -m pip install`, false);
  try {
    const run = await runPython(facts.executable, ['-m', 'pip', 'install', '--disable-pip-version-check', ...list], { cwd: config.root, timeoutMs: 15 * 60_000 });
    if (!run.ok) {
      const why = run.startError ?? (run.timedOut ? 'it did not finish within 15 minutes' : (run.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${run.exitCode}`));
      tell(connection, 'error', `cursus-lsp: pip could not install ${list.join(', ')} into ${facts.command}: ${why}`);
      return false;
    }
    tell(connection, 'info', `cursus-lsp: installed ${list.join(', ')} into ${facts.command}.`);
    return true;
  } finally {
    progress.done();
  }
}

