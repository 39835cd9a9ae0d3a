// the same keys as the Chinese texts: a key missing in either file, or extra here, does not compile
import type zh from './rosterAnytime.zh-CN';

/** Texts of the roster's anytime solving (issue 17: the background search, its versions and its stop), merged into the console's English messages (i18n.ts). */
export default {
  rosterAnytime: {
    improveMinutes: 'Keep improving in the background (minutes, 0 = off)',
    improving: 'Improving in the background',
    finished: 'Improvement finished',
    version: 'Best so far: version {version}',
    versions: '{n} improved drafts saved',
    objective: 'Objective {value}',
    connectRate: 'Connect rate {value}',
    bound: 'Bound {value}',
    gap: 'Gap {value}',
    elapsed: 'Elapsed {value}',
    foundAt: 'found at {value}',
    stop: 'Stop and keep the best',
    stopping: 'Stopping…',
    newVersion: 'A better roster was found: version {version} is open',
    reason: {
      'time-limit': 'Time limit reached',
      gap: 'Gap target proven',
      stalled: 'Stalled (no improvement for a while)',
      budget: 'Background budget spent',
      stopped: 'Stopped by the planner',
      exhausted: 'Search exhausted',
      'solver-error': 'Solver error (best kept)',
    },
    objectiveHint: 'Objective = expected lost calls + overtime and fairness penalties (lower is better); gap = (objective − bound) / objective',
  },
} satisfies typeof zh;
