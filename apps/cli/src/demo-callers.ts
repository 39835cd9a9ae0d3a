// The demo's caller numbers (`npm run demo`, apps/cli/src/demo-traffic.ts): synthetic numbers generated here, not
// read from any data set, given to the generated calls as the canonical `callerId` of `call.offered` — the field a
// real feed fills — so that the API's feed consumer hashes, encrypts and masks them as it does a real caller's.
// The shares, pool sizes and callback chances below are the demo's stated assumptions (not measurements): most
// callers mainland mobiles, some Fuzhou landlines (area code 0591), a few withheld; a few per cent of callers call
// again in the month, most of them the same day after hanging up in the queue.
import { seededRandom, type ServedCall } from '@hotline/roster';

/** The assumptions of the demo's callers: shares of calls, pool sizes, callback chances and delays (seconds). */
export const DEMO_CALLERS = {
  /** Share of calls whose number is withheld (no `callerId`). */
  withheldShare: 0.03,
  /** Share of the new callers (not calling back) who call from a landline. */
  landlineShare: 0.12,
  /** Mobile numbers a new caller is drawn from (shared by every period, so callers also return across months). */
  mobilePool: 200_000,
  /** Landline numbers a new landline caller is drawn from. */
  landlinePool: 20_000,
  /** At most this many calls of one number in a period. */
  maxCallsPerCaller: 5,
  /** Chance that a caller who hung up in the queue calls again, and the mean delay after hanging up (exponential, plus a minute). */
  afterAbandoned: { chance: 0.25, meanDelaySeconds: 20 * 60 },
  /**
   * Chance that an answered caller calls again (`chanceWhenRepeat` for one who has called before in the period: an
   * unresolved matter brings her back): `sameDay` of them after a delay of mean `meanDelaySeconds`, the others 1 to
   * 6 days later.
   */
  afterAnswered: { chance: 0.025, chanceWhenRepeat: 0.25, sameDay: 0.6, meanDelaySeconds: 2 * 3600 },
} as const;

/** Mainland mobile prefixes (China Mobile, Unicom, Telecom) the pool's numbers start with. */
const MOBILE_PREFIXES = ['134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '187', '188', '198', '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153', '173', '177', '180', '181', '189', '191', '199'];

/** Seeds of the pools: fixed, so that every period and seed draws from the same numbers. */
const MOBILE_POOL_SEED = 0x12123001;
const LANDLINE_POOL_SEED = 0x12123002;

/** The `k`-th number of the mobile pool: 11 digits, a mainland prefix and eight digits (`13812345678`). */
export function demoMobileNumber(k: number): string {
  const r = seededRandom(MOBILE_POOL_SEED + k * 7919);
  const prefix = MOBILE_PREFIXES[Math.floor(r() * MOBILE_PREFIXES.length)];
  return prefix + String(Math.floor(r() * 1e8)).padStart(8, '0');
}

/** The `k`-th number of the landline pool: a Fuzhou number with its area code (`0591-87654321`, first digit 2..8). */
export function demoLandlineNumber(k: number): string {
  const r = seededRandom(LANDLINE_POOL_SEED + k * 7919);
  return `0591-${2 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
}

/** The instant (seconds from the period's start) a call ended: hung up in the queue, or the end of the talk. */
function endSeconds(c: ServedCall): number {
  return c.outcome === 'answered' ? c.answeredAt + c.handleSeconds : c.abandonedAt;
}

/**
 * When the caller of `c` calls again (seconds from the period's start), or null when she does not.
 * @param repeat the caller has called before in the period.
 */
function callbackAt(c: ServedCall, repeat: boolean, rand: () => number): number | null {
  const exp = (mean: number) => -mean * Math.log(1 - rand());
  if (c.outcome === 'abandoned') {
    const { chance, meanDelaySeconds } = DEMO_CALLERS.afterAbandoned;
    return rand() < chance ? endSeconds(c) + 60 + exp(meanDelaySeconds) : null;
  }
  const { chance, chanceWhenRepeat, sameDay, meanDelaySeconds } = DEMO_CALLERS.afterAnswered;
  if (rand() >= (repeat ? chanceWhenRepeat : chance)) return null;
  return endSeconds(c) + (rand() < sameDay ? 300 + exp(meanDelaySeconds) : 86_400 * (1 + rand() * 5));
}

/**
 * The caller number of each call, deterministic for a seed: a withheld number (undefined) for a share of the calls,
 * a caller calling back (after hanging up in the queue, or after an answer) on the first call after her callback is
 * due, otherwise a new caller drawn from the mobile or landline pool (a number drawn again is a caller who returns
 * later in the month). No number gets more than `maxCallsPerCaller` calls.
 *
 * @param calls the period's calls in arrival order (`servedTraffic`'s), times in seconds from the period's start.
 * @param seed the traffic's seed: the same calls and seed give the same numbers.
 * @returns one entry per call, in the same order: the number in clear (digits, a landline with `-`), or undefined.
 */
export function demoCallerNumbers(calls: readonly ServedCall[], seed: number): (string | undefined)[] {
  const rand = seededRandom((seed ^ 0x5eedca11) >>> 0);
  const { withheldShare, landlineShare, mobilePool, landlinePool, maxCallsPerCaller } = DEMO_CALLERS;
  // Calls given or promised (a callback due) to each number, so that no number goes beyond the cap.
  const taken = new Map<string, number>();
  const pending: { due: number; number: string }[] = []; // callbacks, earliest due first
  const fresh = (): string => {
    for (;;) {
      const landline = rand() < landlineShare;
      const number = landline ? demoLandlineNumber(Math.floor(rand() * landlinePool)) : demoMobileNumber(Math.floor(rand() * mobilePool));
      if ((taken.get(number) ?? 0) < maxCallsPerCaller) return number;
    }
  };
  return calls.map((c) => {
    let number: string | undefined;
    if (pending.length > 0 && pending[0].due <= c.arrivalSeconds) number = pending.shift()!.number;
    else if (rand() < withheldShare) return undefined;
    else {
      number = fresh();
      taken.set(number, (taken.get(number) ?? 0) + 1);
    }
    const count = taken.get(number) ?? 0;
    const due = count < maxCallsPerCaller ? callbackAt(c, count > 1, rand) : null;
    if (due !== null) {
      taken.set(number, (taken.get(number) ?? 0) + 1);
      const at = pending.findIndex((p) => p.due > due);
      pending.splice(at < 0 ? pending.length : at, 0, { due, number });
    }
    return number;
  });
}
