/**
 * Text from the warehouse or from files (ids, names, values), made safe to
 * print on a terminal or into a log: control characters become visible
 * escapes, so an id holding a newline cannot start a forged plan line and an
 * escape sequence cannot recolour, move or clear the screen. Every edge that
 * prints such text (plan, preview, explain, diagnostics) goes through this
 * one function.
 *
 * Escaped: C0 controls, DEL and C1 controls (`\n`, `\r`, `\t`, else `\u001b`
 * and the like), and the Unicode line separators and bidirectional controls
 * (`\u2028`, `\u202e`…) that reorder or break what a reader sees. Everything
 * else, including non-ASCII letters and backslashes, prints as it is.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `text` with each unprintable character (as `printable` counts them) replaced
 * by one `?`: for source lines under a caret, where an escape's width would
 * move the caret off its text.
 */
export function masked(text: string): string {
  return text.replace(UNPRINTABLE, '?');
}
