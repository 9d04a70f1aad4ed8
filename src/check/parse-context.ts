/**
 * What the project tells the parser's explanations (src/syntax ParseContext):
 * roster.yaml's destinations, schema.yml's events, and the names of its
 * traits and of the programs' traits and audiences, so that `did logins`
 * can say that `logins` is a trait. Parsing never depends on it.
 */
import type { Schema } from '../project/types.js';
import type { Program, TraitAggregation, ValueType } from '../syntax/ast.js';
import type { ParseContext } from '../syntax/parse.js';
import type { KnownName } from '../syntax/unquoted-event.js';
import type { CheckConfig } from './check.js';

/** What turns a trait of this type into a condition. */
function testOf(type: ValueType | undefined): string {
  if (type === 'number') return '> 0';
  if (type === 'boolean') return 'is true';
  return 'is set';
}

function aggregationType(aggregation: TraitAggregation): ValueType | undefined {
  if (aggregation.kind === 'user-count') return 'number';
  switch (aggregation.fn) {
    case 'count':
    case 'count_unique':
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return 'number';
    case 'unique':
      return 'list';
    default:
      return aggregation.property === undefined ? 'timestamp' : undefined;
  }
}

export function parseContext(
  schema: Schema,
  config: Pick<CheckConfig, 'destinations'>,
  programs: readonly Program[] = [],
): ParseContext {
  const names = new Map<string, KnownName>();
  for (const entity of [schema.account, schema.user])
    for (const [name, declaration] of Object.entries(entity))
      names.set(name, { kind: 'trait', test: testOf(declaration.type) });
  for (const program of programs)
    for (const definition of program.definitions) {
      if (definition.kind === 'trait')
        names.set(definition.name.name, {
          kind: 'trait',
          test: testOf(aggregationType(definition.aggregation)),
        });
      else if (definition.kind === 'sql-trait')
        names.set(definition.name.name, { kind: 'trait', test: testOf(definition.valueType) });
      else if (definition.kind === 'audience')
        names.set(definition.name.name, { kind: 'audience' });
      else if (definition.kind === 'broken' && definition.name !== undefined)
        if (definition.declared === 'trait' || definition.declared === 'audience')
          names.set(definition.name.name, { kind: definition.declared });
    }
  return {
    destinations: Object.keys(config.destinations),
    events: Object.keys(schema.events),
    names,
  };
}

/** Whether a file's explanations would say more once every file's names are known. */
export function needsNames(diagnostics: readonly { code: string }[]): boolean {
  return diagnostics.some((d) => d.code === 'syntax-expected-event');
}
