/**
 * Unknown is unknown: an item of the sheet with an unknown figure is *pending*, never full marks by assumption.
 * Its range (the lowest and highest it can still become) is found generically: the item is scored on the exact
 * sheet with every extreme completion of its unknown figures (each unknown count at its lowest or its highest
 * possible value, respecting the known constraints veryOrBasicallySatisfied <= surveyResponses and
 * confidentialityBreachesWithConsequences <= confidentialityBreaches), and the lowest and highest points are
 * kept. Every item is monotone in each of its counts, so the extremes are reached at these completions. An
 * unknown count has no upper bound: its worst case is a count larger than any month's, which floors the item at
 * 0 (a breach, a late report, a scoring error, a justified complaint) or gives 0 % satisfaction.
 *
 * The call feed can be unknown too (see {@link FeedOpen}): while the month still runs, or when the ledger holds no
 * request at all for it. Then the connect item is pending over [0, 25 + the bonus cap] (future calls are not
 * bounded, so the month-end rate can still be anything), and the month's agent-answered count is only a lower
 * bound, so the items that depend on it (the complaint rate's denominator, the QA quota) take it as one more
 * unknown count, from the count so far up.
 * Internal: the public entry points are `scoreMonth`, `projectMonth` and the exported types.
 */
import { D, type Dec, ZERO, fixed, str } from './decimal';
import { ITEM_FIELDS, ITEM_NAMES, REGISTER_FIELDS, REGISTER_ITEMS, type ItemName, type KnownScoreInput, type NormalizedScoreInput, type RegisterField, type RegisterItem } from './input';
import { BONUS_RULE, ITEM_MAX, ITEM_NAMES_ZH, capTotal, scoreItem, type ItemScore, type Reason, type SheetFacts } from './items';
import { KPI_DECIMALS } from './kpis';
import type { ScoringPolicy } from './policy';
import { coefficientOf } from './settlement';

/**
 * The total and coefficient of a sheet, honest about pending items.
 * - `provisional`: some item is pending (`pendingItems`, in sheet order); then `total` and `coefficient` are
 *   `null` and only the range is known.
 * - `total`: the sum of the items' points (bonuses included; may exceed 100, at most 104; capped at 100 under
 *   `totalCap: '100'`), decimal string, or `null` when provisional.
 * - `coefficient`: the settlement coefficient of `total` (`"1.00"` ... `"0.50"`), or `null` when provisional.
 * - `totalMin`, `totalMax`: the lowest and highest the total can still become (the sums of the items'
 *   `pointsMin` / `pointsMax`, capped like the total); both equal `total` when not provisional.
 * - `coefficientMin`, `coefficientMax`: the coefficients of `totalMin` and `totalMax`.
 */
export interface SheetTotals {
  total: string | null;
  coefficient: string | null;
  provisional: boolean;
  totalMin: string;
  totalMax: string;
  coefficientMin: string;
  coefficientMax: string;
  pendingItems: ItemName[];
}

/**
 * Why the month's call feed is not final, or `null` when it is:
 * - `month-running`: the month is not over by the feed clock; the feed counts are month-to-date;
 * - `no-data`: the ledger holds no request at all for the month (not even inside outage windows): nothing is
 *   known about it (every day missing, a feed never loaded), which is not the same as an outage-only month.
 */
export type FeedOpen = 'month-running' | 'no-data';

/** A count larger than any month's: the worst (or best) case of an unknown count without an upper bound. */
const UNBOUNDED = 1_000_000_000_000;

/** The items that depend on the month's agent-answered count (complaint rate denominator, QA quota). */
const AGENT_ANSWERED_ITEMS: readonly ItemName[] = ['complaints', 'qa'];

/** A count a completion may vary: an unknown register field, or the agent-answered count of an open feed. */
type OpenField = RegisterField | 'agentAnswered';

/** The lowest and highest value an unknown count can take, given the known ones. */
function boundsOf(field: OpenField, n: NormalizedScoreInput): [number, number] {
  switch (field) {
    case 'agentAnswered':
      return [n.agentAnswered, UNBOUNDED];
    case 'veryOrBasicallySatisfied':
      return [0, n.surveyResponses ?? UNBOUNDED];
    case 'surveyResponses':
      return [n.veryOrBasicallySatisfied ?? 0, UNBOUNDED];
    case 'confidentialityBreaches':
      return [n.confidentialityBreachesWithConsequences ?? 0, UNBOUNDED];
    case 'confidentialityBreachesWithConsequences':
      return [0, n.confidentialityBreaches ?? UNBOUNDED];
    default:
      return [0, UNBOUNDED];
  }
}

function consistent(k: KnownScoreInput): boolean {
  return k.veryOrBasicallySatisfied <= k.surveyResponses && k.confidentialityBreachesWithConsequences <= k.confidentialityBreaches;
}

/** `n` with every unknown register count at its lowest possible value (a consistent base to complete). */
function knownBase(n: NormalizedScoreInput): KnownScoreInput {
  const registers = Object.fromEntries(REGISTER_FIELDS.map((f) => [f, n[f] ?? boundsOf(f, n)[0]])) as Record<RegisterField, number>;
  return { ...n, ...registers };
}

/**
 * The values of an unknown count a completion tries: its lowest and highest. The agent-answered count also tries
 * 1 when it is 0 so far: the complaint item is not monotone there (no agent-answered call is policy
 * `noAgentCalls`; a first call with a justified complaint is a 100 % rate), and from 1 up it is.
 */
function candidatesOf(field: OpenField, n: NormalizedScoreInput): number[] {
  const [lo, hi] = boundsOf(field, n);
  const values = field === 'agentAnswered' ? [lo, Math.max(lo, 1), hi] : [lo, hi];
  return [...new Set(values)];
}

/** The extreme completions of `unknown` fields of `n` (each at its lowest or highest value), consistent ones only. */
function completions(n: NormalizedScoreInput, unknown: readonly OpenField[]): KnownScoreInput[] {
  let out = [knownBase(n)];
  for (const f of unknown) {
    const values = candidatesOf(f, n);
    out = out.flatMap((k) => values.map((v) => ({ ...k, [f]: v })));
  }
  return out.filter(consistent);
}

function isRegisterItem(name: ItemName): name is RegisterItem {
  return (REGISTER_ITEMS as readonly string[]).includes(name);
}

const sameReason = (a: Reason, b: Reason): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The reasons that every outcome carries (they hold whatever the unknown figures turn out to be). */
function common(outcomes: readonly ItemScore[], pick: (i: ItemScore) => Reason[]): Reason[] {
  return pick(outcomes[0]).filter((r) => outcomes.every((o) => pick(o).some((x) => sameReason(x, r))));
}

/**
 * The connect item while the month's feed is not final: pending over [0, 25 + bonus cap], no deduction or bonus
 * (none holds whatever the rest of the month brings), and the note `connect.pending` (`detail.unknown`
 * `connectRate`, `detail.cause` the {@link FeedOpen} reason, `detail.monthToDatePercent` the rate so far when there
 * is one).
 */
function pendingConnect(cause: FeedOpen, rateSoFar: Dec | null): ItemScore {
  const detail: Record<string, string> = { unknown: 'connectRate', cause };
  if (rateSoFar !== null) detail.monthToDatePercent = fixed(rateSoFar, KPI_DECIMALS.connectRate);
  return {
    item: 'connect',
    nameZh: ITEM_NAMES_ZH.connect,
    points: null,
    pointsMin: '0',
    pointsMax: str(new D(ITEM_MAX.connect).plus(BONUS_RULE.cap)),
    pending: true,
    max: ITEM_MAX.connect,
    bonus: '0',
    deductions: [],
    bonuses: [],
    notes: [{ code: 'connect.pending', count: null, points: '0', detail, pending: true }],
    flooredAtZero: false,
  };
}

/**
 * One item, honest about unknown figures: scored on `factsFor(completion)` for the one completion when all of its
 * figures are known, else pending with the range over the extreme completions.
 *
 * @param factsFor - builds the sheet facts from a complete input (the caller decides how the KPIs are formed:
 *   from the counts for `scoreMonth`, from a scenario's rates for `projectMonth`).
 * @param feedOpen - why the call feed is not final (the connect item is then pending, and the agent-answered
 *   count an unknown from the count so far up for complaints and QA), or `null` when it is.
 */
export function honestItem(name: ItemName, n: NormalizedScoreInput, factsFor: (k: KnownScoreInput) => SheetFacts, policy: ScoringPolicy, feedOpen: FeedOpen | null = null): ItemScore {
  if (name === 'connect' && feedOpen !== null) return pendingConnect(feedOpen, factsFor(knownBase(n)).connectRate);
  const unknown: OpenField[] = ITEM_FIELDS[name].filter((f) => n[f] === null);
  if (feedOpen !== null && AGENT_ANSWERED_ITEMS.includes(name)) unknown.push('agentAnswered');
  const outcomes = completions(n, unknown).map((k) => scoreItem(name, factsFor(k), policy));
  if (unknown.length === 0 || !isRegisterItem(name)) return outcomes[0];
  let lo: Dec | null = null;
  let hi: Dec | null = null;
  for (const o of outcomes) {
    const p = new D(o.pointsMin);
    if (lo === null || p.lessThan(lo)) lo = p;
    const q = new D(o.pointsMax);
    if (hi === null || q.greaterThan(hi)) hi = q;
  }
  const bonuses = common(outcomes, (o) => o.bonuses);
  const pending: Reason = { code: `${name}.pending`, count: null, points: '0', detail: { unknown: unknown.join(',') }, pending: true };
  return {
    item: name,
    nameZh: ITEM_NAMES_ZH[name],
    points: null,
    pointsMin: str(lo ?? ZERO),
    pointsMax: str(hi ?? ZERO),
    pending: true,
    max: ITEM_MAX[name],
    bonus: str(bonuses.reduce((s, r) => s.plus(r.points), ZERO)),
    deductions: common(outcomes, (o) => o.deductions),
    bonuses,
    notes: [pending],
    flooredAtZero: outcomes.every((o) => o.flooredAtZero),
  };
}

/** Every item of the sheet, in sheet order, honest about unknown figures (see {@link honestItem}). */
export function honestSheet(n: NormalizedScoreInput, factsFor: (k: KnownScoreInput) => SheetFacts, policy: ScoringPolicy, feedOpen: FeedOpen | null = null): ItemScore[] {
  return ITEM_NAMES.map((name) => honestItem(name, n, factsFor, policy, feedOpen));
}

/** The total, coefficient and their range of a sheet's items (see {@link SheetTotals}). */
export function sheetTotals(items: readonly ItemScore[], policy: ScoringPolicy): SheetTotals {
  const totalMin = capTotal(
    items.reduce((s, i) => s.plus(i.pointsMin), ZERO),
    policy,
  );
  const totalMax = capTotal(
    items.reduce((s, i) => s.plus(i.pointsMax), ZERO),
    policy,
  );
  const pendingItems = items.filter((i) => i.pending).map((i) => i.item);
  const provisional = pendingItems.length > 0;
  return {
    total: provisional ? null : str(totalMin),
    coefficient: provisional ? null : coefficientOf(totalMin),
    provisional,
    totalMin: str(totalMin),
    totalMax: str(totalMax),
    coefficientMin: coefficientOf(totalMin),
    coefficientMax: coefficientOf(totalMax),
    pendingItems,
  };
}
