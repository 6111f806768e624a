/** SARIF 2.1.0, for code-scanning dashboards. */
import { rules } from '../../engine/index.js';
import { locate, type FileReport } from '../report.js';

const level: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(reports: FileReport[]): string {
  const used = new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)));
  const driverRules = rules
    .filter((r) => used.has(r.meta.code))
    .map((r) => ({
      id: r.meta.code,
      name: r.meta.name,
      shortDescription: { text: r.meta.docs.summary },
      fullDescription: { text: r.meta.docs.why },
      defaultConfiguration: { level: level[r.meta.severity] },
      // What code scanning shows as the rule's documentation beside each alert (`cursus-lint explain CODE` says the same).
      help: {
        text: `${r.meta.docs.summary}\n\n${r.meta.docs.why}\n\nBad:\n${r.meta.docs.bad}\nGood:\n${r.meta.docs.good}`,
        markdown: `${r.meta.docs.summary}\n\n${r.meta.docs.why}\n\nBad:\n\n\`\`\`\n${withBreak(r.meta.docs.bad)}\`\`\`\n\nGood:\n\n\`\`\`\n${withBreak(r.meta.docs.good)}\`\`\`\n`,
      },
    }));
  const results = reports.flatMap((r) =>
    r.diagnostics.map((d) => {
      const l = locate(r, d);
      return {
        ruleId: d.code,
        level: level[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn } } }],
      };
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'cursus-lint', rules: driverRules } }, results }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function withBreak(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}
