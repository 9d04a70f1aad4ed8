/**
 * The identity of a definition's meaning: a SHA-256 of a stable JSON of its
 * IR (keys sorted, doc comments and where the definition is written left
 * out, since neither changes anything a destination sees), and — as
 * references are by name — of the identities of the definitions it reads, so
 * a new window on a trait changes every audience and sync built on it
 * (`--select state:modified` then picks them, and a saved plan goes stale).
 * Stored in the state as applied, and in plans.
 */
import { createHash } from 'node:crypto';
import type { IrDefinition, IrProject } from '../../ir/ir.js';
import { stableJson } from '../../ir/stable-json.js';

export function normalisedDefinition(definition: IrDefinition): string {
  const { doc: _doc, origin: _origin, ...rest } = definition;
  void _doc;
  void _origin;
  return stableJson(rest);
}

export function definitionHash(definition: IrDefinition): string {
  return createHash('sha256').update(normalisedDefinition(definition)).digest('hex');
}

/**
 * Every definition's transitive hash, by name. A definition that reads
 * nothing keeps its own hash, so states applied before hashes became
 * transitive still match for those.
 */
export function definitionHashes(ir: IrProject): Map<string, string> {
  const byName = new Map(ir.definitions.map((d) => [d.name, d]));
  const hashes = new Map<string, string>();
  const visiting = new Set<string>();
  const hashOf = (d: IrDefinition): string => {
    const known = hashes.get(d.name);
    if (known !== undefined) return known;
    // The checker refuses cycles; should one slip through, it ends the walk rather than the stack.
    if (visiting.has(d.name)) return definitionHash(d);
    visiting.add(d.name);
    const deps = [...new Set(d.dependsOn)]
      .filter((name) => byName.has(name))
      .sort()
      .map((name) => `${name}=${hashOf(byName.get(name)!)}`);
    const hash =
      deps.length === 0
        ? definitionHash(d)
        : createHash('sha256')
            .update(normalisedDefinition(d))
            .update('\nreads\n')
            .update(deps.join('\n'))
            .digest('hex');
    visiting.delete(d.name);
    hashes.set(d.name, hash);
    return hash;
  };
  for (const d of ir.definitions) hashOf(d);
  return hashes;
}
