/**
 * A schema and config for checker tests: the conformance schema
 * (shared/conformance/schema.yml) written out by hand, plus a list event
 * property and two destinations, so tests do not depend on the loader.
 */
import type { CheckConfig } from '../../src/check/check.js';
import { checkSource } from '../../src/check/check-project.js';
import type { CheckOptions, CheckResult } from '../../src/check/check.js';
import type { EventsScope, Schema, TraitDeclaration, ValueType } from '../../src/project/types.js';

const decls = (
  r: Record<string, ValueType | { type: ValueType; enum: string[] }>,
): Record<string, TraitDeclaration> =>
  Object.fromEntries(
    Object.entries(r).map(([name, t]) => [
      name,
      typeof t === 'string' ? { name, type: t } : { name, ...t },
    ]),
  );

export const schema: Schema = {
  file: '/p/schema.yml',
  account: decls({
    name: 'string',
    industry: { type: 'string', enum: ['Software', 'Retail', 'Finance', 'Healthcare'] },
    plan: 'string',
    seats: 'number',
    mrr: 'number',
    created_at: 'timestamp',
    tags: 'list',
    is_trial: 'boolean',
  }),
  user: decls({
    email: 'string',
    role: 'string',
    title: 'string',
    signed_up_at: 'timestamp',
    beta: 'boolean',
  }),
  events: {
    'Logged In': { name: 'Logged In', properties: {} },
    'Feature Used': {
      name: 'Feature Used',
      properties: decls({ feature: 'string', duration: 'number' }),
    },
    'NPS Submitted': {
      name: 'NPS Submitted',
      properties: decls({ score: 'number', comment: 'string' }),
    },
    'Order Completed': {
      name: 'Order Completed',
      properties: decls({ revenue: 'number', currency: 'string' }),
    },
    'Invite Sent': { name: 'Invite Sent', properties: decls({ role: 'string' }) },
  },
};

export function config(
  scope: EventsScope = 'all_accounts',
  disabled: CheckConfig['sources']['disabled'] = [],
): CheckConfig {
  return {
    name: 'test',
    events: { scope },
    sources: { layout: 'json', mappings: {}, ...(disabled.length ? { disabled } : {}) },
    destinations: {
      zendesk: { name: 'zendesk', type: 'segment', settings: {} },
      audit: { name: 'audit', type: 'file', settings: {} },
    },
  };
}

export function check(
  text: string,
  options: {
    scope?: EventsScope;
    disabled?: CheckConfig['sources']['disabled'];
  } & CheckOptions = {},
): CheckResult {
  return checkSource(text, '/p/a.roster', schema, config(options.scope, options.disabled ?? []), {
    warnUnused: options.warnUnused ?? false,
  });
}
