/**
 * The identity of a definition's meaning: a SHA-256 of a stable JSON of its
 * IR (keys sorted, doc comments left out, since rewording a comment changes
 * nothing a destination sees). Stored in the state as applied, and in plans.
 */
import { createHash } from 'node:crypto';
import type { IrDefinition } from '../../ir/ir.js';
import { stableJson } from '../../ir/stable-json.js';

export function normalisedDefinition(definition: IrDefinition): string {
  const { doc: _doc, ...rest } = definition;
  void _doc;
  return stableJson(rest);
}

export function definitionHash(definition: IrDefinition): string {
  return createHash('sha256').update(normalisedDefinition(definition)).digest('hex');
}
