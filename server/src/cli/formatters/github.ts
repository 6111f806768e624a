/** GitHub Actions workflow commands, so findings appear as annotations on the pull request. */
import { locate, type FileReport } from '../report.js';

const level: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function formatGithub(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const l = locate(r, d);
      const props = `file=${prop(r.file)},line=${l.line},col=${l.column},endLine=${l.endLine},endColumn=${l.endColumn},title=${prop(`${d.code} ${d.name}`)}`;
      lines.push(`::${level[d.severity]} ${props}::${data(d.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
