import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { signOutAll } from './api-session';
import { CLI_LANGS, CliError, USAGE_CODES, commanderUsage, render, type CliLang } from './cli-error';
import { type CliConfig, localeLang, readConfig } from './config';

/**
 * Every command of the tree (set after the commands are registered): commander's own usage complaints become usage
 * errors in the run's language, naming the command's help (one place for all commands).
 */
function routeUsageErrors(command: Command): void {
  command
    .configureOutput({ outputError: () => undefined })
    .showHelpAfterError(false)
    .exitOverride((error: CommanderError) => {
      if (USAGE_CODES.has(error.code)) throw commanderUsage(error.code, error.message, command);
      throw error;
    });
  for (const sub of command.commands) routeUsageErrors(sub);
}

/** Prints why the run failed, in its language, and exits: 2 usage, 3 not allowed, 1 otherwise (0 for help). */
function fail(error: unknown, lang: CliLang): never {
  // Commander has printed help or the version itself: 0; its other exits are usage mistakes.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof CliError) {
    process.stderr.write(`hotline: ${render(error.reason, lang)}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`hotline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

// The environment is read here, once; the commands get what they need of it from the config.
let config: CliConfig;
try {
  config = readConfig(process.env, process.argv.slice(2));
} catch (error) {
  fail(error, localeLang(process.env));
}

const program = new Command('hotline')
  .description('HotlineOps command-line tool: replay feeds, compute KPIs, Erlang staffing, scores, rosters, user accounts, audit trail')
  .option('--lang <lang>', `language of the reasons printed: ${CLI_LANGS.join(' | ')} (default: HOTLINE_LANG, else zh-CN for a Chinese LC_ALL/LC_MESSAGES/LANG or none set, en for any other locale)`);

registerCommands(program, config);
routeUsageErrors(program);

// `hotline kpi ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));

program.parseAsync(process.argv).then(signOutAll, async (error: unknown) => {
  await signOutAll();
  fail(error, config.lang);
});
