/**
 * Unknown is unknown: an item of the sheet with an unknown register figure is *pending*, never full marks by
 * assumption. Its range (the lowest and highest it can still become) is found generically: the item is scored
 * on the exact sheet with every extreme completion of its unknown fields (each unknown count at its lowest or its
 * highest possible value, respecting the known constraints veryOrBasicallySatisfied <= surveyResponses and
 * confidentialityBreachesWithConsequences <= confidentialityBreaches), and the lowest and highest points are
 * kept. Every item is monotone in each of its counts, so the extremes are reached at these completions. An
 * unknown count has no upper bound: its worst case is a count larger than any month's, which floors the item at
 * 0 (a breach, a late report, a scoring error, a justified complaint) or gives 0 % satisfaction.
 * Internal: the public entry points are `scoreMonth`, `projectMonth` and the exported types.
 */
import { D, type Dec, ZERO, str } from './decimal';
import { ITEM_FIELDS, ITEM_NAMES, REGISTER_FIELDS, REGISTER_ITEMS, type ItemName, type KnownScoreInput, type NormalizedScoreInput, type RegisterField, type RegisterItem } from './input';
import { ITEM_MAX, ITEM_NAMES_ZH, capTotal, scoreItem, type ItemScore, type Reason, type SheetFacts } from './items';
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

/** A count larger than any month's: the worst (or best) case of an unknown count without an upper bound. */
const UNBOUNDED = 1_000_000_000_000;

/** The lowest and highest value an unknown register count can take, given the known ones. */
function boundsOf(field: RegisterField, n: NormalizedScoreInput): [number, number] {
  switch (field) {
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

/** The extreme completions of `unknown` fields of `n` (each at its lowest or highest value), consistent ones only. */
function completions(n: NormalizedScoreInput, unknown: readonly RegisterField[]): KnownScoreInput[] {
  let out = [knownBase(n)];
  for (const f of unknown) {
    const [lo, hi] = boundsOf(f, n);
    const values = lo === hi ? [lo] : [lo, hi];
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
 * One item, honest about unknown figures: scored on `factsFor(completion)` for the one completion when all of its
 * register fields are known, else pending with the range over the extreme completions.
 *
 * @param factsFor - builds the sheet facts from a complete input (the caller decides how the KPIs are formed:
 *   from the counts for `scoreMonth`, from a scenario's rates for `projectMonth`).
 */
export function honestItem(name: ItemName, n: NormalizedScoreInput, factsFor: (k: KnownScoreInput) => SheetFacts, policy: ScoringPolicy): ItemScore {
  const unknown = ITEM_FIELDS[name].filter((f) => n[f] === null);
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
export function honestSheet(n: NormalizedScoreInput, factsFor: (k: KnownScoreInput) => SheetFacts, policy: ScoringPolicy): ItemScore[] {
  return ITEM_NAMES.map((name) => honestItem(name, n, factsFor, policy));
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
