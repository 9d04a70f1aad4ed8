/**
 * Saving and reading plan files (docs/plan-json-format.md). A plan file
 * carries its own SHA-256 (`hash`, over the plan without it), so a file
 * edited by hand or truncated is refused rather than half-applied.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { stableJson } from '../../ir/stable-json.js';
import { PLAN_FORMAT, PLAN_VERSION } from './plan.js';
import type { Plan } from './plan.js';

export function planHash(plan: Plan): string {
  const { hash: _hash, ...rest } = plan as Plan & { hash?: string };
  void _hash;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

/**
 * A SHA-256 per top-level field of `plan` (as it reads back from its file), which
 * `roster plan` records in the state with the plan's snapshot: apply compares a saved
 * plan with it and names the fields edited since (issue 11.8).
 */
export function planFieldDigests(plan: Plan): Record<string, string> {
  const { hash: _hash, ...rest } = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
  void _hash;
  return Object.fromEntries(
    Object.keys(rest)
      .sort()
      .map((key) => [key, createHash('sha256').update(stableJson(rest[key])).digest('hex')]),
  );
}

export function serializePlan(plan: Plan): string {
  return `${JSON.stringify({ ...plan, hash: planHash(plan) }, null, 2)}\n`;
}

export function writePlanFile(path: string, plan: Plan): void {
  writeFileSync(path, serializePlan(plan));
}

export type ReadPlanResult = { ok: true; plan: Plan } | { ok: false; message: string };

export function readPlanFile(path: string): ReadPlanResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (caught) {
    return { ok: false, message: `cannot read plan file ${path}: ${(caught as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `${path} is not a roster plan (not JSON)` };
  }
  const plan = value as Plan & { hash?: string };
  if (typeof plan !== 'object' || plan === null || plan.format !== PLAN_FORMAT) {
    return { ok: false, message: `${path} is not a roster plan (no \`format: ${PLAN_FORMAT}\`)` };
  }
  if (plan.version !== PLAN_VERSION) {
    return {
      ok: false,
      message: `${path} is a version ${String(plan.version)} plan; this roster reads version ${PLAN_VERSION}`,
    };
  }
  if (plan.hash !== planHash(plan)) {
    return {
      ok: false,
      message: `${path} was modified after \`roster plan\` wrote it (its hash does not match)`,
    };
  }
  return { ok: true, plan };
}
