/**
 * Business types (业务类型): the configurable two-level tree of request categories and the mappings that type a
 * call (queue name, IVR menu choice, category text -> type). Read by any signed-in user (the agent desk offers the
 * tree); changed by the supplier manager (`businessTypes.write`), every change audited. Calls are typed at report
 * time by libs/kpi business-type.ts, so a change re-types past calls too.
 */
import { z } from 'zod';
import type { BusinessTypeNode as LibBusinessTypeNode } from '@hotline/kpi';
import type { Assert } from './check';
import { freeText } from './free-text';

/** What a rule matches: the first queue's name, the IVR menu choice (`2-1`), or the record's category text. */
export const BUSINESS_TYPE_RULE_KINDS = ['queue', 'ivr', 'category'] as const;
export type BusinessTypeRuleKind = (typeof BUSINESS_TYPE_RULE_KINDS)[number];

/** A type's stable code: a lower-case slug (`motor-vehicle`), at most 64 characters. */
export const BusinessTypeCode = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lower-case slug: letters a-z, digits and single hyphens (e.g. motor-vehicle)');

/** A type's name (Chinese or English), 1..50 characters, typed numbers masked (freeText). */
const name = freeText(50, 1);

/** One type of the tree. `parentCode` null for a top-level type (two levels at most). */
export const BusinessTypeView = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type BusinessTypeView = z.infer<typeof BusinessTypeView>;

/** One mapping: `kind` `match` (stored in normal form: trimmed, lower case, IVR keys joined by `-`) -> `typeCode`. */
export const BusinessTypeRuleView = z.strictObject({
  id: z.number().int(),
  kind: z.enum(BUSINESS_TYPE_RULE_KINDS),
  match: z.string(),
  typeCode: z.string(),
  updatedAt: z.string(),
});
export type BusinessTypeRuleView = z.infer<typeof BusinessTypeRuleView>;

/**
 * Answer of `GET /api/business-types`: the types in tree order (each top-level type followed by its children, by
 * sort order), the mappings (by kind, then match), and the code of the type untyped calls count under.
 */
export const BusinessTypeTree = z.strictObject({
  types: z.array(BusinessTypeView),
  rules: z.array(BusinessTypeRuleView),
  fallbackCode: z.string(),
});
export type BusinessTypeTree = z.infer<typeof BusinessTypeTree>;

/**
 * Body of `POST /api/business-types`: a new type; `parentCode` names a top-level type for a second-level one. Names
 * are unique across the tree (a call's category text is matched to them): a `nameZh` or `nameEn` equal to another
 * type's name or code after normalisation (NFKC, trimmed, blanks collapsed, case-insensitive) is refused, 409
 * `name_taken` naming the field. The same holds for a PATCH.
 */
export const BusinessTypeBody = z.strictObject({
  code: BusinessTypeCode,
  parentCode: BusinessTypeCode.nullable().optional(),
  nameZh: name,
  nameEn: name,
  sortOrder: z.number().int().min(0).max(9999).optional(),
  active: z.boolean().optional(),
});
export type BusinessTypeBody = z.infer<typeof BusinessTypeBody>;

/** Body of `PATCH /api/business-types/{code}`: what changes (the code never does). */
export const BusinessTypePatch = z
  .strictObject({
    parentCode: BusinessTypeCode.nullable().optional(),
    nameZh: name.optional(),
    nameEn: name.optional(),
    sortOrder: z.number().int().min(0).max(9999).optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change', path: ['body'] });
export type BusinessTypePatch = z.infer<typeof BusinessTypePatch>;

/** Path of a type: its code. */
export const BusinessTypeParams = z.strictObject({ code: BusinessTypeCode });

/**
 * Body of `POST /api/business-type-rules` and `PUT /api/business-type-rules/{id}`. An `ivr` match is a menu choice:
 * digits, levels joined by `-` (`2`, `2-1`; `2.1`, `2 > 1` are read as `2-1`); anything else is 400 naming `match`.
 */
export const BusinessTypeRuleBody = z.strictObject({
  kind: z.enum(BUSINESS_TYPE_RULE_KINDS),
  match: z.string().trim().min(1).max(200),
  typeCode: BusinessTypeCode,
});
export type BusinessTypeRuleBody = z.infer<typeof BusinessTypeRuleBody>;

// drift check: the view carries every field of the KPI engine's tree node
type _NodeFields = Assert<LibBusinessTypeNode, Pick<z.output<typeof BusinessTypeView>, keyof LibBusinessTypeNode>>;
type _NodeFieldsOut = Assert<Pick<z.output<typeof BusinessTypeView>, keyof LibBusinessTypeNode>, LibBusinessTypeNode>;
