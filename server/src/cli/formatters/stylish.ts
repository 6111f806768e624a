/** The human format: findings grouped by file, one line each, then a summary (after ESLint's stylish). */
import { hasUnsafeFixOnly, isFixable, locate, type FileReport } from '../report.js';

const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

export function formatStylish(reports: FileReport[], options: { fixing?: boolean } = {}): string {
  const color = useColor();
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sevColor: Record<string, string> = { error: '31', warning: '33', info: '36', hint: '90' };
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  let unsafe = 0;
  for (const r of reports) {
    if (r.diagnostics.length === 0) continue;
    lines.push(paint('4', r.file));
    const rows = r.diagnostics.map((d) => {
      const loc = locate(r, d);
      counts[d.severity]++;
      if (isFixable(d)) fixable++;
      else if (hasUnsafeFixOnly(d)) unsafe++;
      return { pos: `${loc.line}:${loc.column}`, sev: d.severity, msg: d.message, code: `${d.code} ${d.name}` };
    });
    const posWidth = Math.max(...rows.map((x) => x.pos.length));
    const sevWidth = Math.max(...rows.map((x) => x.sev.length));
    for (const x of rows) {
      lines.push(`  ${paint('2', x.pos.padEnd(posWidth))}  ${paint(sevColor[x.sev], x.sev.padEnd(sevWidth))}  ${x.msg}  ${paint('2', x.code)}`);
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return `${paint('32', '✔')} ${reports.length} file${reports.length === 1 ? '' : 's'} checked, no problems\n`;
  const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
  if (counts.info) parts.push(`${counts.info} info`);
  if (counts.hint) parts.push(`${counts.hint} hint${counts.hint === 1 ? '' : 's'}`);
  lines.push(paint(counts.error ? '31' : '33', `✖ ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${reports.length} file${reports.length === 1 ? '' : 's'} checked`));
  if (options.fixing) return lines.join('\n') + '\n';
  if (fixable) lines.push(`  ${fixable} of them can be fixed with the --fix option${unsafe ? `, ${unsafe} more with --unsafe-fixes (review the result)` : ''}.`);
  else if (unsafe) lines.push(`  ${unsafe} of them can be fixed with the --unsafe-fixes option (review the result).`);
  return lines.join('\n') + '\n';
}
