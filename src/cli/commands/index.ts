import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerCheck } from './check.js';
import { registerCompile } from './compile.js';
import { registerDebug } from './debug.js';
import { registerFmt } from './fmt.js';
import { registerGraph } from './graph.js';
import { registerTest } from './test.js';
import { registerPlan } from './plan.js';
import { registerApply } from './apply.js';
import { registerForceUnlock } from './force-unlock.js';

/** Every command of the CLI, in the order `roster --help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  registerCheck(program, io);
  registerTest(program, io);
  registerCompile(program, io);
  registerDebug(program, io);
  registerFmt(program, io);
  registerGraph(program, io);
  registerPlan(program, io);
  registerApply(program, io);
  registerForceUnlock(program, io);
}
