/**
 * Markdown that shows any text as it is: names, ids and values come from
 * users and their data (a member id may hold `|`, backticks, `<script>`,
 * `@someone` or a newline), and none of it may change the comment's shape,
 * ping people or inject HTML. Everything user-made is shown in a code span
 * (GitHub renders no mentions, links or HTML inside one) or a fenced block.
 */
import { printable } from '../../diagnostics/printable.js';

/** Longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * An inline code span showing `text` literally. Line breaks, which would end
 * a table row or a list item, are shown as `⏎`; in a table cell `|` is
 * escaped, which GFM undoes inside code spans in tables only.
 */
export function mdCode(text: string, context: 'table' | 'text' = 'text'): string {
  let body = printable(text.replace(/\r\n|\r|\n/g, '⏎'));
  if (context === 'table') body = body.replace(/\|/g, '\\|');
  if (body === '') return '` `';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  // A span that starts or ends with a backtick (or a space) needs a space on both sides.
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block holding `text` literally, whatever fences it contains. */
export function mdFence(text: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Text inside HTML (a `<summary>`): the five special characters as entities. */
export function htmlText(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Text for an HTML comment: nothing in it can close the comment. */
export function htmlCommentText(text: string): string {
  return encodeURIComponent(text);
}

/** Size as GitHub may count it: UTF-8 bytes are never fewer than characters or UTF-16 units. */
export function markdownSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
