import type { Command } from 'commander';
import type { CliConfig } from '../config';
import { registerScoreCommand } from './score';
import { registerKpiCommand } from './kpi';
import { registerReplayCommand } from './replay';
import { registerFollowCommand } from './follow';
import { registerErlangCommand } from './erlang';
import { registerForecastCommand } from './forecast';
import { registerRosterCommand } from './roster';
import { registerUsersCommand } from './users';
import { registerAuditCommand } from './audit';
import { registerReportCommand } from './report';
import { registerImportCommand } from './import';
import { registerRequestsCommand } from './requests';
import { registerKnowledgeCommand } from './knowledge';

/**
 * Adds every sub-command to the program. One module per command under this folder; the commands that need the
 * environment (connection URLs, the API's address and account) take it from `config`.
 */
export function registerCommands(program: Command, config: CliConfig): void {
  registerReplayCommand(program);
  registerFollowCommand(program, config);
  registerKpiCommand(program);
  registerScoreCommand(program);
  registerErlangCommand(program);
  registerForecastCommand(program, config);
  registerRosterCommand(program);
  registerUsersCommand(program, config);
  registerAuditCommand(program, config);
  registerReportCommand(program, config);
  registerImportCommand(program, config);
  registerRequestsCommand(program, config);
  registerKnowledgeCommand(program, config);
}
