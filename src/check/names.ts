import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Name } from '../parse/ast.js';

/** Reports names that repeat within one list (parameters, outputs). */
export function checkUniqueNames(names: readonly Name[], what: string, out: Diagnostic[]): void {
  const seen = new Map<string, Name>();
  for (const n of names) {
    const first = seen.get(n.text);
    if (first) {
      out.push(error('duplicate-name', `the ${what} ${n.text} is named twice`, n.span, {
        notes: [{ message: 'first named here', span: first.span }],
        hint: 'give each one a name of its own',
      }));
    } else seen.set(n.text, n);
  }
}
