/**
 * The identity of a definition's meaning: a SHA-256 of a stable JSON of its
 * IR (keys sorted, doc comments and where the definition is written left
 * out, since neither changes anything a destination sees). Stored in the
 * state as applied, and in plans.
 */
import { createHash } from 'node:crypto';
import type { IrDefinition } from '../../ir/ir.js';
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
