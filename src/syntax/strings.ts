/**
 * String literal escapes (LANGUAGE.md §2): `\"` and `\\`, plus `\n`, `\t`,
 * `\r` and `\uXXXX` for convenience. Anything else is reported rather than
 * guessed, so `"C:\temp"` cannot silently become a tab.
 */
export interface BadEscape {
  /** Offset of the backslash within the literal's source text (quotes included). */
  offset: number;
  text: string;
}

const simple: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };

/** Resolves the escapes of a `"…"` literal as written (with its quotes). */
export function unescapeString(literal: string): { value: string; badEscapes: BadEscape[] } {
  const body = literal.slice(1, literal.endsWith('"') && literal.length > 1 ? -1 : undefined);
  const badEscapes: BadEscape[] = [];
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1] ?? '';
    const replacement = simple[next];
    if (replacement !== undefined) {
      value += replacement;
      i++;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      const text = next === 'u' ? body.slice(i, i + 6) : body.slice(i, i + 2);
      badEscapes.push({ offset: i + 1, text });
      value += text;
      i += text.length - 1;
    }
  }
  return { value, badEscapes };
}
