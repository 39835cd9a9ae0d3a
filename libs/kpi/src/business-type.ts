/**
 * Business types (业务类型): the categories of citizens' requests that the tender names (用户信息管理, 机动车业务,
 * 驾驶证业务, 投诉建议受理, "and more"; tender-zh.txt 一(一)1, contract.md "The operation"), kept as a configurable
 * two-level tree, and the pure rule that gives a call its type.
 *
 * A call's type, first match wins ({@link resolveBusinessType}):
 * 1. the record's own category (`call.offered.category`: an import's or a platform push's column, a type code or
 *    label): a `category` rule whose match equals it, else a type whose code, Chinese or English name equals it;
 * 2. the IVR menu choice that routed the call (`call.offered.ivrChoice`, e.g. `2` or `2-1`): an `ivr` rule for the
 *    whole choice, else for its shorter prefixes (`2-1` -> `2`), separators `-`, `.`, `>`, `/`, space;
 * 3. the first queue the call entered (`CallRecord.queue`): a `queue` rule;
 * 4. else the fallback type (`other`, 其他).
 * Matching ignores case, surrounding blanks and full-width/half-width differences (Unicode NFKC). Rules naming a
 * type that is not in the tree are ignored. Pure: no I/O; the API passes the tree and the rules in.
 */
import type { CallRecord } from './call-record';

/** Code of the type calls fall back to when nothing else says (其他). */
export const OTHER_BUSINESS_TYPE = 'other';

/** One node of the tree. `parentCode` null for a top-level type; at most two levels. */
export interface BusinessTypeNode {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  active: boolean;
}

/** What a rule matches: the first queue's name, the IVR menu choice, or the record's category text. */
export type BusinessTypeRuleKind = 'queue' | 'ivr' | 'category';

/** A mapping `kind: match -> typeCode`. */
export interface BusinessTypeRule {
  kind: BusinessTypeRuleKind;
  match: string;
  typeCode: string;
}

/** The tree and its mappings, as the KPI engine receives them. */
export interface BusinessTypeConfig {
  types: readonly BusinessTypeNode[];
  rules: readonly BusinessTypeRule[];
}

/**
 * The tender's default tree (the migration seeds the same rows): the four categories the tender names, 投诉建议
 * split into its two named parts (投诉, 建议), and 其他 for everything else.
 */
export const DEFAULT_BUSINESS_TYPES: readonly BusinessTypeNode[] = [
  { code: 'user-info', parentCode: null, nameZh: '用户信息管理', nameEn: 'User information management', sortOrder: 10, active: true },
  { code: 'motor-vehicle', parentCode: null, nameZh: '机动车业务', nameEn: 'Motor-vehicle business', sortOrder: 20, active: true },
  { code: 'driving-licence', parentCode: null, nameZh: '驾驶证业务', nameEn: 'Driving-licence business', sortOrder: 30, active: true },
  { code: 'complaint-suggestion', parentCode: null, nameZh: '投诉建议', nameEn: 'Complaints and suggestions', sortOrder: 40, active: true },
  { code: 'complaint', parentCode: 'complaint-suggestion', nameZh: '投诉', nameEn: 'Complaint', sortOrder: 10, active: true },
  { code: 'suggestion', parentCode: 'complaint-suggestion', nameZh: '建议', nameEn: 'Suggestion', sortOrder: 20, active: true },
  { code: OTHER_BUSINESS_TYPE, parentCode: null, nameZh: '其他', nameEn: 'Other', sortOrder: 90, active: true },
];

/** The default configuration: the tender's tree, no mappings (types then come only from the records' categories). */
export const DEFAULT_BUSINESS_TYPE_CONFIG: BusinessTypeConfig = { types: DEFAULT_BUSINESS_TYPES, rules: [] };

/** How a call got its type. */
export type BusinessTypeSource = 'category' | 'ivr' | 'queue' | 'fallback';

/** The type of a call and the evidence used. */
export interface BusinessTypeResolution {
  code: string;
  via: BusinessTypeSource;
}

/** The normal form matches are compared in: NFKC, trimmed, inner blanks collapsed, lower case. */
export function normalizeMatch(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const CHOICE_SEPARATORS = /[-.>/ ]/;

/** An IVR choice's keys in normal form: `2.1`, `2 > 1` and `2-1` are all `2-1`. */
function choiceKeys(text: string): string[] {
  return normalizeMatch(text).split(CHOICE_SEPARATORS).filter(Boolean);
}

/**
 * A rule's match in the normal form the resolver compares (and the API stores, so that two spellings of one match
 * are one rule): IVR choices as their keys joined by `-`, other matches by {@link normalizeMatch}.
 */
export function normalizeRuleMatch(kind: BusinessTypeRuleKind, match: string): string {
  return kind === 'ivr' ? choiceKeys(match).join('-') : normalizeMatch(match);
}

/** The call fields a type is resolved from. */
export type BusinessTypeEvidence = Pick<CallRecord, 'category' | 'queue'> & { ivrChoice?: string | null };

/** A resolver bound to one configuration (lookup tables built once). */
export type BusinessTypeResolver = (call: BusinessTypeEvidence) => BusinessTypeResolution;

/**
 * Builds the resolver of a configuration (see the file header for the order of the evidence).
 * @param config the tree and rules; rules naming a code not in `config.types` are ignored.
 * @param fallbackCode the type of calls nothing types (default {@link OTHER_BUSINESS_TYPE}).
 */
export function businessTypeResolver(config: BusinessTypeConfig, fallbackCode = OTHER_BUSINESS_TYPE): BusinessTypeResolver {
  const codes = new Set(config.types.map((t) => t.code));
  const rules = { queue: new Map<string, string>(), ivr: new Map<string, string>(), category: new Map<string, string>() };
  for (const r of config.rules) {
    if (codes.has(r.typeCode)) rules[r.kind].set(normalizeRuleMatch(r.kind, r.match), r.typeCode);
  }
  const byLabel = new Map<string, string>();
  // Names first, codes last: a code always wins over another type's identical name.
  for (const t of config.types) {
    byLabel.set(normalizeMatch(t.nameEn), t.code);
    byLabel.set(normalizeMatch(t.nameZh), t.code);
  }
  for (const t of config.types) byLabel.set(normalizeMatch(t.code), t.code);
  return (call) => {
    if (call.category) {
      const key = normalizeMatch(call.category);
      const code = rules.category.get(key) ?? byLabel.get(key);
      if (code) return { code, via: 'category' };
    }
    if (call.ivrChoice) {
      const keys = choiceKeys(call.ivrChoice);
      for (let n = keys.length; n > 0; n--) {
        const code = rules.ivr.get(keys.slice(0, n).join('-'));
        if (code) return { code, via: 'ivr' };
      }
    }
    if (call.queue) {
      const code = rules.queue.get(normalizeMatch(call.queue));
      if (code) return { code, via: 'queue' };
    }
    return { code: fallbackCode, via: 'fallback' };
  };
}

/** One call's type under a configuration (builds the lookup tables each time: use {@link businessTypeResolver} for many calls). */
export function resolveBusinessType(call: BusinessTypeEvidence, config: BusinessTypeConfig, fallbackCode = OTHER_BUSINESS_TYPE): BusinessTypeResolution {
  return businessTypeResolver(config, fallbackCode)(call);
}

/**
 * The tree in display order: top-level types by `sortOrder` then code, each followed by its children in the same
 * order. Children whose parent is missing come last, as top-level.
 */
export function orderBusinessTypes<T extends Pick<BusinessTypeNode, 'code' | 'parentCode' | 'sortOrder'>>(types: readonly T[]): T[] {
  const cmp = (a: T, b: T) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);
  const codes = new Set(types.map((t) => t.code));
  const top = types.filter((t) => t.parentCode === null || !codes.has(t.parentCode)).sort(cmp);
  return top.flatMap((t) => [t, ...types.filter((c) => c.parentCode === t.code && c !== t).sort(cmp)]);
}
