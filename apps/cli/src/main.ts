import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { CliUsageError } from './cli-error';

const program = new Command('hotline')
  .description('HotlineOps command-line tool: replay feeds, compute KPIs, Erlang staffing, scores')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliUsageError) {
    process.stderr.write(`hotline: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`hotline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
