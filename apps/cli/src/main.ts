import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { signOutAll } from './api-session';
import { CliUsageError } from './cli-error';

const program = new Command('hotline')
  .description('HotlineOps command-line tool: replay feeds, compute KPIs, Erlang staffing, scores, rosters, user accounts, audit trail')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

// `hotline kpi ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));

program.parseAsync(process.argv).then(signOutAll, async (error: unknown) => {
  await signOutAll();
  // Commander has printed its message; a usage mistake exits 2 like every other one, help and version 0.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof CliUsageError) {
    process.stderr.write(`hotline: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`hotline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
