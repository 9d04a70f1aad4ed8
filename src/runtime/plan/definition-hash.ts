/**
 * The identity of a definition's meaning: a SHA-256 of a stable JSON of its
 * IR (keys sorted, doc comments left out, since rewording a comment changes
 * nothing a destination sees). Stored in the state as applied, and in plans.
 */
import { createHash } from 'node:crypto';
import type { IrDefinition } from '../../ir/ir.js';

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function normalisedDefinition(definition: IrDefinition): string {
  const { doc: _doc, ...rest } = definition;
  void _doc;
  return stableJson(rest);
}

export function definitionHash(definition: IrDefinition): string {
  return createHash('sha256').update(normalisedDefinition(definition)).digest('hex');
}
