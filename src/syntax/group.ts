/**
 * One diagnostic per mistake (issue 16, item 4). A habit repeated on one line
 * (`['pro', 'enterprise']`, `a && b && c`, `“pro”` with both its curly quotes)
 * is one mistake: the places after the first become secondary labels of the
 * first, and the help line rewrites every place at once, so the fix shown is
 * the whole line as it should read.
 *
 * A diagnostic takes part when it is built with `withEdits`: the edits that
 * fix it and what makes two diagnostics the same mistake. Anything else
 * passes through untouched.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { groupInOrder } from '../diagnostics/group.js';
import type { SourceFile } from '../diagnostics/source.js';
import { rewrittenLine } from './idioms.js';

export interface Edit {
  start: number;
  end: number;
  replacement: string;
}

interface Repeatable {
  edits: Edit[];
  /** The help line's verb before the rewritten line (`write`, `remove this \`,\`:`). */
  verb: string;
  /** The label of a later place of the same mistake. */
  label: string;
  /** The message for several places, given the text written at each; the first's message if absent. */
  several?: (written: string[]) => string;
  written: string;
}

const repeatable = new WeakMap<Diagnostic, Repeatable>();

/** `diagnostic`, marked as one place of a mistake that may repeat on its line. */
export function withEdits(
  diagnostic: Diagnostic,
  meta: Omit<Repeatable, 'verb'> & { verb?: string },
): Diagnostic {
  repeatable.set(diagnostic, { verb: 'write', ...meta });
  return diagnostic;
}

/** The line of the edits (all on one line) with every edit applied, as `rewrittenLine` shows it. */
function rewriteAll(source: SourceFile, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const start = sorted[0]!.start;
  const end = Math.max(...sorted.map((e) => e.end));
  let text = '';
  let at = start;
  for (const edit of sorted) {
    text += source.text.slice(at, edit.start) + edit.replacement;
    at = edit.end;
  }
  text += source.text.slice(at, end);
  return rewrittenLine(source, start, end, text);
}

/** Diagnostics of one file with each repeated mistake merged into its first place. */
export function groupRepeats(diagnostics: readonly Diagnostic[], source: SourceFile): Diagnostic[] {
  const keyOf = (d: Diagnostic): string | undefined => {
    const meta = repeatable.get(d);
    return meta && d.range ? `${d.range.start.line}\u0000${d.code}\u0000${meta.label}` : undefined;
  };
  return groupInOrder(diagnostics, keyOf).map(({ first: d, rest }) => {
    const meta = repeatable.get(d);
    if (!meta || rest.length === 0) return d;
    const group = [d, ...rest];
    const metas = group.map((g) => repeatable.get(g)!);
    const edits = metas.flatMap((m) => m.edits);
    return {
      ...d,
      message: meta.several ? meta.several(metas.map((m) => m.written)) : d.message,
      hints: [`${meta.verb} \`${rewriteAll(source, edits)}\``, ...d.hints.slice(1)],
      related: [
        ...d.related,
        ...rest.flatMap((g) => [{ message: meta.label, range: g.range! }, ...g.related]),
      ],
    };
  });
}
