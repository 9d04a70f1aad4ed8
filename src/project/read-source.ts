/**
 * Reads a project file as UTF-8, refusing to guess: bytes that are not UTF-8
 * are reported at their place (`config-invalid-utf8`) instead of being
 * silently replaced by U+FFFD, which `roster fmt` would then write back,
 * destroying the original bytes.
 */
import { readFile } from 'node:fs/promises';
import { error } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../diagnostics/source.js';

/** Byte offset of the first byte that does not continue a valid UTF-8 sequence, if any. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong, surrogate and out-of-range forms.
    const second = bytes[i + 1] ?? 0;
    if (b === 0xe0 && second < 0xa0) return i;
    if (b === 0xed && second > 0x9f) return i;
    if (b === 0xf0 && second < 0x90) return i;
    if (b === 0xf4 && second > 0x8f) return i;
    i += length;
  }
  return undefined;
}

/** The file's text (invalid bytes shown as U+FFFD) and, when it is not UTF-8, the located error. */
export async function readSource(
  file: string,
): Promise<{ source: SourceFile; invalid?: Diagnostic }> {
  const bytes = await readFile(file);
  const text = new TextDecoder('utf-8').decode(bytes);
  const source = new SourceFile(file, text);
  const at = firstInvalidUtf8(bytes);
  if (at === undefined) return { source };
  const offset = new TextDecoder('utf-8').decode(bytes.subarray(0, at)).length;
  return {
    source,
    invalid: error(
      'config-invalid-utf8',
      `this file is not UTF-8: byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at byte offset ${at} does not belong to a UTF-8 character`,
      source.range(offset, offset + 1),
    ),
  };
}
