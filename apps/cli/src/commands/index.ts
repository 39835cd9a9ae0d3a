import type { Command } from 'commander';

/** Adds every sub-command to the program. One module per command under this folder. */
export function registerCommands(program: Command): void {
  void program;
}
