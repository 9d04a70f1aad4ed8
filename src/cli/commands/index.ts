import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** Every command of the CLI, in the order `roster --help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  void program;
  void io;
}
