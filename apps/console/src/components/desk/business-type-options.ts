import type { BusinessTypeTree, BusinessTypeView } from '@hotline/contracts';

/**
 * One choosable type: its code, the label shown once chosen (`车驾管 / 驾驶证`), its name in the list, the text a
 * filter matches (its names and code, and its parent's) and its own names and code (lower case), which rank first.
 */
export interface TypeOption {
  code: string;
  label: string;
  name: string;
  search: string;
  own: string[];
}

/** A top-level type with the options under it (itself first, then its second-level types). */
export interface TypeGroup {
  code: string;
  label: string;
  options: TypeOption[];
}

/**
 * The business-type tree as grouped options of one select (two levels: the group is the top-level type): each
 * top-level type offers itself (labelled `general` when it has children) then its second-level types, in the tree's
 * order. Inactive types are left out unless `includeInactive` (a filter over past requests needs them).
 * @param general the label of a top-level type that has children (`{name}（未细分）`).
 */
export function typeGroups(tree: Pick<BusinessTypeTree, 'types'> | null, locale: string, general: (name: string) => string, includeInactive = false): TypeGroup[] {
  const types = (tree?.types ?? []).filter((ty) => includeInactive || ty.active);
  const nameOf = (ty: BusinessTypeView) => (locale === 'en' ? ty.nameEn : ty.nameZh) || ty.code;
  const ownOf = (ty: BusinessTypeView) => [ty.nameZh, ty.nameEn, ty.code].map((n) => n.toLowerCase());
  const searchOf = (...tys: BusinessTypeView[]) => tys.flatMap(ownOf).join(' ');
  return types
    .filter((ty) => ty.parentCode === null)
    .map((top) => {
      const children = types.filter((ty) => ty.parentCode === top.code);
      const self: TypeOption = { code: top.code, label: nameOf(top), name: children.length ? general(nameOf(top)) : nameOf(top), search: searchOf(top), own: ownOf(top) };
      const options = children.map((c): TypeOption => ({ code: c.code, label: `${nameOf(top)} / ${nameOf(c)}`, name: nameOf(c), search: searchOf(top, c), own: ownOf(c) }));
      return { code: top.code, label: nameOf(top), options: [self, ...options] };
    });
}

/**
 * How well an option matches the words typed (lower case), best 0: its own name or code is the text (0), starts with
 * it (1), holds every word (2), or the words are found only with its parent's names (3); null when it does not match.
 */
function rank(option: TypeOption, words: string[]): number | null {
  if (!words.every((w) => option.search.includes(w))) return null;
  const text = words.join(' ');
  if (option.own.includes(text)) return 0;
  if (option.own.some((n) => n.startsWith(text))) return 1;
  return words.every((w) => option.own.some((n) => n.includes(w))) ? 2 : 3;
}

/**
 * The groups with only the options whose names or codes (or their parent's) contain every word of `query`
 * (case-insensitive), the best matches first (within a group, and the group of the best match first), so that the
 * first option, which Enter picks, is the type the agent named; empty groups dropped.
 */
export function filterGroups(groups: TypeGroup[], query: string): TypeGroup[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return groups;
  const ranked = groups.map((g, order) => {
    const options = g.options
      .map((o, i) => ({ o, i, r: rank(o, words) }))
      .filter((x): x is { o: TypeOption; i: number; r: number } => x.r !== null)
      .sort((a, b) => a.r - b.r || a.i - b.i);
    return { group: { ...g, options: options.map((x) => x.o) }, best: options[0]?.r ?? Infinity, order };
  });
  return ranked
    .filter((x) => x.group.options.length > 0)
    .sort((a, b) => a.best - b.best || a.order - b.order)
    .map((x) => x.group);
}

/** The label of a type code (`车驾管 / 驾驶证`), or the code itself when the tree does not hold it. */
export function typeLabel(groups: TypeGroup[], code: string | null | undefined): string {
  if (!code) return '';
  for (const g of groups) for (const o of g.options) if (o.code === code) return o.label;
  return code;
}
