/**
 * The bucket of a split (LANGUAGE.md §12.5), written from the spec text:
 * `md5(NAME || ':' || id)` over the UTF-8 bytes as lower-case hex, its first 8
 * hex digits read as an unsigned base-16 integer, mod 10000.
 */
import { createHash } from 'node:crypto';

export function splitBucket(split: string, id: string): number {
  const hex = createHash('md5').update(`${split}:${id}`, 'utf8').digest('hex');
  return Number.parseInt(hex.slice(0, 8), 16) % 10_000;
}
