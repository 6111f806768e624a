/** JUnit XML: one test case a file, failing with its errors and warnings, for CI test-report views. */
import { locate, type FileReport } from '../report.js';

export function formatJunit(reports: FileReport[]): string {
  const cases = reports.map((r) => {
    const failing = r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    if (failing.length === 0) return `  <testcase classname="cursus-lint" name="${xml(r.file)}"/>`;
    const body = failing
      .map((d) => {
        const l = locate(r, d);
        return `${r.file}:${l.line}:${l.column} ${d.severity} ${d.code} ${d.name}: ${d.message}`;
      })
      .join('\n');
    return `  <testcase classname="cursus-lint" name="${xml(r.file)}">\n    <failure message="${failing.length} problem${failing.length === 1 ? '' : 's'}">${xml(body)}</failure>\n  </testcase>`;
  });
  const failures = reports.filter((r) => r.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning')).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="cursus-lint" tests="${reports.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n</testsuite>\n`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
