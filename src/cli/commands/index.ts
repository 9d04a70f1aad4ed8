import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerApply } from './apply.js';
import { registerCheck } from './check.js';
import { registerCompile } from './compile.js';
import { registerDebug } from './debug.js';
import { registerDocs } from './docs.js';
import { registerFmt } from './fmt.js';
import { registerForceUnlock } from './force-unlock.js';
import { registerGraph } from './graph.js';
import { registerInit } from './init.js';
import { registerPlan } from './plan.js';
import { registerPreview } from './preview.js';
import { registerTest } from './test.js';

/** Every command of the CLI, in the order `roster --help` lists them: the daily loop first. */
export function registerCommands(program: Command, io: CliIo): void {
  registerInit(program, io);
  registerCheck(program, io);
  registerTest(program, io);
  registerPlan(program, io);
  registerApply(program, io);
  registerPreview(program, io);
  registerCompile(program, io);
  registerFmt(program, io);
  registerGraph(program, io);
  registerDocs(program, io);
  registerDebug(program, io);
  registerForceUnlock(program, io);
}
