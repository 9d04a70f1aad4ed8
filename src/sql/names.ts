/**
 * The one place where names the compiler invents — its relations
 * (`roster_audience_<name>`, `roster_values_t_<name>`…) and their columns
 * (`t_<name>__n`, `p_<property>_<type>`…) — meet a warehouse's identifier
 * length limit. PostgreSQL silently truncates identifiers to 63 bytes, so two
 * long definition names sharing their first 47 characters would become one
 * table; Redshift refuses names past 127 bytes. A name that fits is used as
 * it is (the SQL stays readable); a longer one keeps as much of its start as
 * fits, then `_` and 12 hex digits of the SHA-256 of the whole name: the same
 * name always maps to the same identifier (compiling is deterministic, and
 * every reference to a relation or column agrees without coordination), and
 * two different long names collide only if their hashes do (48 bits).
 * `assertDistinct` turns that remote chance into an internal error instead of
 * a silently merged table.
 */
import { createHash } from 'node:crypto';
import type { Dialect } from './dialect.js';

const HASH_HEX_DIGITS = 12;

/** The longest prefix of `name` of at most `bytes` UTF-8 bytes, never splitting a character. */
function prefixOfBytes(name: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of name) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > bytes) break;
    used += size;
    end += char.length;
  }
  return name.slice(0, end);
}

/** `name`, or its mangled form when longer than `maxBytes` UTF-8 bytes (no limit when undefined). */
export function fitIdentifier(name: string, maxBytes: number | undefined): string {
  if (maxBytes === undefined || Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, HASH_HEX_DIGITS);
  return `${prefixOfBytes(name, maxBytes - HASH_HEX_DIGITS - 1)}_${hash}`;
}

/** A compiler-invented name as the dialect writes it: fitted to its limit, then quoted. */
export function identifier(dialect: Dialect, name: string): string {
  return dialect.quoteIdentifier(fitIdentifier(name, dialect.maxIdentifierBytes));
}

/**
 * Throws when two different names end up as one identifier in `dialect`
 * (a hash collision, or names the warehouse folds together): compiling on
 * would silently merge two tables or columns.
 */
export function assertDistinct(dialect: Dialect, names: Iterable<string>, what: string): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const written = identifier(dialect, name);
    const other = seen.get(written);
    if (other !== undefined && other !== name)
      throw new Error(`internal: ${what} \`${other}\` and \`${name}\` are both ${written}`);
    seen.set(written, name);
  }
}
