/** What every I8xx rule module does: report the shared step-interface checks that carry its code. */
import type { InterfaceCode } from './interface-checks.js';
import type { RuleContext } from './rule.js';

export function reportInterfaceIssues(ctx: RuleContext, code: InterfaceCode): void {
  for (const issue of ctx.interfaceIssues()) {
    if (issue.code === code) ctx.report({ span: issue.span, message: issue.message, fixes: issue.fixes, related: issue.related });
  }
}
