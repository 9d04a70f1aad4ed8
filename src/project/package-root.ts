/**
 * roster's own files that are not code — the JSON Schemas, the project
 * template, the CI recipes — found from the running module, so the same code
 * works from the repository (src/ through tsx) and from an installed package
 * (dist/src/ compiled), where the folders of the package root sit at
 * different depths below the module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding roster's package.json (the repository or the installed package). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      if (name === 'roster') return (root = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: roster package root not found');
    dir = parent;
  }
}

/** A file shipped with roster, by its path from the package root (`schemas/roster.schema.json`). */
export function packageFile(path: string): string {
  return join(packageRoot(), path);
}
