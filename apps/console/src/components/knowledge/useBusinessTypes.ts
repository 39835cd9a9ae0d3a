import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { BusinessTypeView } from '@hotline/contracts';
import { businessTypesApi } from '../../api-business-types';
import { typeGroups } from '../desk/business-type-options';

/** The tree, loaded once per page load and shared by the knowledge and hot-topics pages (any signed-in user reads it). */
const types = shallowRef<BusinessTypeView[]>([]);
let loading: Promise<void> | null = null;

/**
 * The business-type tree for labels and pickers: `name(code)` (a second-level type as `上级 / 名称`, an unknown code
 * as itself), `options` grouped by top-level type for an `ElSelect` (`typeGroups` of the desk: active types; a type
 * no longer active still has its name). Loads `GET /api/business-types` on first use; a failure leaves codes shown as they are.
 */
export function useBusinessTypes() {
  const { locale } = useI18n();
  loading ??= businessTypesApi
    .tree()
    .then((tree) => void (types.value = tree.types))
    .catch(() => void (loading = null));
  const byCode = computed(() => new Map(types.value.map((ty) => [ty.code, ty])));
  const own = (ty: BusinessTypeView): string => (locale.value === 'en' ? ty.nameEn : ty.nameZh) || ty.code;
  /** The type's own name (no parent), or the code. */
  const shortName = (code: string): string => {
    const ty = byCode.value.get(code);
    return ty ? own(ty) : code;
  };
  /** The type's name with its parent's (`车驾管 / 驾驶证`), or the code. */
  const name = (code: string): string => {
    const ty = byCode.value.get(code);
    if (!ty) return code;
    return ty.parentCode ? `${shortName(ty.parentCode)} / ${own(ty)}` : own(ty);
  };
  /** Active types grouped under their top-level type (the tree's order): the type itself first, then its children. */
  const options = computed(() => typeGroups({ types: types.value }, locale.value, (topName) => topName));
  return { types, name, shortName, options };
}
