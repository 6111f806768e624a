/** The machine format of DESIGN section 7: one record a file, 1-based positions. */
import { isFixable, locate, type FileReport } from '../report.js';

export function formatJson(reports: FileReport[]): string {
  const out = reports.map((r) => ({
    file: r.file,
    diagnostics: r.diagnostics.map((d) => ({
      code: d.code,
      name: d.name,
      severity: d.severity,
      message: d.message,
      ...locate(r, d),
      fixable: isFixable(d),
    })),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}
