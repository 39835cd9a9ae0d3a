import type { Command } from 'commander';
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

/** Adds every sub-command to the program. One module per command under this folder. */
export function registerCommands(program: Command): void {
  registerReplayCommand(program);
  registerFollowCommand(program);
  registerKpiCommand(program);
  registerScoreCommand(program);
  registerErlangCommand(program);
  registerForecastCommand(program);
  registerRosterCommand(program);
  registerUsersCommand(program);
  registerAuditCommand(program);
  registerReportCommand(program);
  registerImportCommand(program);
  registerRequestsCommand(program);
  registerKnowledgeCommand(program);
}
