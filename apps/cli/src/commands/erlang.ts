// `hotline erlang c|a` (one interval's metrics) and `hotline erlang staff c|a` (required agents), over @hotline/erlang.
// Flags are the input names of shared/reference/erlang-cases.json in kebab-case; --json prints its output names.
import type { Command } from 'commander';
import {
  type ErlangAServiceLevelDefinition,
  type LoadInput,
  erlangAMetrics,
  erlangCMetrics,
  staffErlangA,
  staffErlangC,
} from '@hotline/erlang';
import { CliUsageError, say } from '../cli-error';
import { type RawOptions, asUsage, numberFlag } from '../flags';
import { type ErlangJson, erlangAJson, erlangCJson, formatTable, staffingJson } from './erlang-output';

/** The traffic flags: --arrivals-per-hour, or --calls-per-interval with --interval-minutes; plus --aht-seconds. */
export function loadFromFlags(options: RawOptions): LoadInput {
  const ahtSeconds = numberFlag(options, 'ahtSeconds', true) as number;
  const arrivalsPerHour = numberFlag(options, 'arrivalsPerHour');
  const callsPerInterval = numberFlag(options, 'callsPerInterval');
  const intervalMinutes = numberFlag(options, 'intervalMinutes');
  if (arrivalsPerHour === undefined && callsPerInterval === undefined) {
    throw new CliUsageError(say('--arrivals-per-hour (or --calls-per-interval with --interval-minutes) is required', '必须给出 --arrivals-per-hour（或 --calls-per-interval 与 --interval-minutes）'));
  }
  if (callsPerInterval !== undefined && intervalMinutes === undefined) {
    throw new CliUsageError(say('--calls-per-interval needs --interval-minutes', '--calls-per-interval 需要同时给出 --interval-minutes'));
  }
  if (intervalMinutes !== undefined && callsPerInterval === undefined) {
    throw new CliUsageError(say('--interval-minutes needs --calls-per-interval', '--interval-minutes 需要同时给出 --calls-per-interval'));
  }
  if (arrivalsPerHour !== undefined) return { arrivalsPerHour, callsPerInterval, intervalMinutes, ahtSeconds };
  return { callsPerInterval: callsPerInterval as number, intervalMinutes: intervalMinutes as number, ahtSeconds };
}

const DEFAULT_TARGET_SECONDS = 20;

/** `hotline erlang c`: flags -> Erlang C metrics JSON. */
export function erlangCFromFlags(options: RawOptions): ErlangJson {
  const input = {
    ...loadFromFlags(options),
    agents: numberFlag(options, 'agents', true) as number,
    targetSeconds: numberFlag(options, 'targetSeconds') ?? DEFAULT_TARGET_SECONDS,
  };
  return erlangCJson(asUsage(() => erlangCMetrics(input)));
}

/** `hotline erlang a`: flags -> Erlang A metrics JSON. */
export function erlangAFromFlags(options: RawOptions): ErlangJson {
  const input = {
    ...loadFromFlags(options),
    agents: numberFlag(options, 'agents', true) as number,
    patienceSeconds: numberFlag(options, 'patienceSeconds', true) as number,
    targetSeconds: numberFlag(options, 'targetSeconds') ?? DEFAULT_TARGET_SECONDS,
  };
  return erlangAJson(asUsage(() => erlangAMetrics(input)));
}

function staffingOptions(options: RawOptions) {
  return {
    targetSeconds: numberFlag(options, 'targetSeconds') ?? DEFAULT_TARGET_SECONDS,
    serviceLevelTarget: numberFlag(options, 'serviceLevelTarget'),
    maxOccupancy: numberFlag(options, 'maxOccupancy'),
    maxAsaSeconds: numberFlag(options, 'maxAsaSeconds'),
    maxProbWait: numberFlag(options, 'maxProbWait'),
    shrinkage: numberFlag(options, 'shrinkage'),
    minAgents: numberFlag(options, 'minAgents'),
    maxAgents: numberFlag(options, 'maxAgents'),
  };
}

/** `hotline erlang staff c`: flags -> required agents JSON. */
export function staffCFromFlags(options: RawOptions): ErlangJson {
  const input = { ...loadFromFlags(options), ...staffingOptions(options) };
  return staffingJson('C', asUsage(() => staffErlangC(input)), erlangCJson);
}

/** `hotline erlang staff a`: flags -> required agents JSON. */
export function staffAFromFlags(options: RawOptions): ErlangJson {
  const definition = options.serviceLevelDefinition;
  const input = {
    ...loadFromFlags(options),
    ...staffingOptions(options),
    patienceSeconds: numberFlag(options, 'patienceSeconds', true) as number,
    minConnectRate: numberFlag(options, 'minConnectRate'),
    maxProbAbandon: numberFlag(options, 'maxProbAbandon'),
    serviceLevelDefinition: typeof definition === 'string' ? (definition as ErlangAServiceLevelDefinition) : undefined,
  };
  return staffingJson('A', asUsage(() => staffErlangA(input)), erlangAJson);
}

function leaf(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('--arrivals-per-hour <calls>', 'offered calls per hour (Poisson arrival rate)')
    .option('--calls-per-interval <calls>', 'offered calls in the interval (with --interval-minutes)')
    .option('--interval-minutes <minutes>', 'interval length in minutes')
    .option('--aht-seconds <seconds>', 'average handle time in seconds (required)')
    .option('--target-seconds <seconds>', `answer-time target t for the service level (default ${DEFAULT_TARGET_SECONDS})`);
}

function withJson(command: Command): Command {
  return command.option('--json', 'print JSON (the output names of the reference cases)');
}

function staffingFlags(command: Command): Command {
  return command
    .option('--service-level-target <fraction>', 'minimum service level at --target-seconds, e.g. 0.8')
    .option('--max-occupancy <fraction>', 'maximum occupancy, e.g. 0.85')
    .option('--max-asa-seconds <seconds>', 'maximum ASA (Erlang A: of answered calls)')
    .option('--max-prob-wait <fraction>', 'maximum probability of waiting')
    .option('--shrinkage <fraction>', 'shrinkage for the rostered count, e.g. 0.3')
    .option('--min-agents <n>', 'business minimum on duty, e.g. 1')
    .option('--max-agents <n>', 'give up above this many agents');
}

function print(json: ErlangJson, options: RawOptions): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(json, null, 2)}\n` : `${formatTable(json)}\n`);
}

/** Adds `hotline erlang c|a` and `hotline erlang staff c|a`. */
export function registerErlangCommand(program: Command): void {
  const erlang = program.command('erlang').description('Erlang C / Erlang A metrics and staffing for one interval');

  const c = leaf(erlang, 'c', 'Erlang C (no abandonment): P(wait), service level, ASA, occupancy')
    .option('--agents <n>', 'agents on duty (required)');
  withJson(c).action((options: RawOptions) => print(erlangCFromFlags(options), options));

  const a = leaf(erlang, 'a', 'Erlang A (exponential patience): abandonment, connect rate, service levels, ASA')
    .option('--agents <n>', 'agents on duty (required)')
    .option('--patience-seconds <seconds>', 'mean patience in seconds (required)');
  withJson(a).action((options: RawOptions) => print(erlangAFromFlags(options), options));

  const staff = erlang.command('staff').description('smallest number of agents meeting the targets');
  const staffC = staffingFlags(leaf(staff, 'c', 'Erlang C staffing (service level, ASA, occupancy, P(wait))'));
  withJson(staffC).action((options: RawOptions) => print(staffCFromFlags(options), options));
  const staffA = staffingFlags(leaf(staff, 'a', 'Erlang A staffing (connect rate / abandonment as well; may be below the load)'))
    .option('--patience-seconds <seconds>', 'mean patience in seconds (required)')
    .option('--min-connect-rate <fraction>', 'minimum connect rate 1 - P(abandon), e.g. 0.9')
    .option('--max-prob-abandon <fraction>', 'maximum probability of abandonment')
    .option('--service-level-definition <name>', 'serviceLevelAnsweredWithinTOverOffered (default), serviceLevelAmongAnswered, ...');
  withJson(staffA).action((options: RawOptions) => print(staffAFromFlags(options), options));
}
