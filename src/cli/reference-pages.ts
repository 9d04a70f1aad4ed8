/** The generated pages of docs/, by path from the repository root (`npm run docs`). */
import { schemaReference } from '../project/index.js';
import { cliReference } from './cli-reference.js';
import { memoryIo } from './io.js';
import { buildProgram } from './program.js';

export function referencePages(): Record<string, string> {
  return {
    'docs/cli.md': cliReference(buildProgram(memoryIo('.'))),
    'docs/config-reference.md': schemaReference(),
  };
}
