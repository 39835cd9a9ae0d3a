import { Injectable } from '@nestjs/common';
import type { BusinessTypeRuleView, BusinessTypeView } from '@hotline/contracts';
import { OTHER_BUSINESS_TYPE, orderBusinessTypes, type BusinessTypeConfig, type BusinessTypeRuleKind } from '@hotline/kpi';
import type { BusinessType, BusinessTypeRule } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** A type row with its parent's code. */
type TypeRow = BusinessType & { parent: { code: string } | null };
/** A rule row with its type's code. */
type RuleRow = BusinessTypeRule & { type: { code: string } };

/** Row -> the contract's view. */
export function typeView(r: TypeRow): BusinessTypeView {
  return { id: r.id, code: r.code, parentCode: r.parent?.code ?? null, nameZh: r.nameZh, nameEn: r.nameEn, sortOrder: r.sortOrder, active: r.active, updatedAt: r.updatedAt.toISOString() };
}

/** Row -> the contract's view. */
export function ruleView(r: RuleRow): BusinessTypeRuleView {
  return { id: r.id, kind: r.kind as BusinessTypeRuleKind, match: r.match, typeCode: r.type.code, updatedAt: r.updatedAt.toISOString() };
}

/** The business-type tree and its mappings in Postgres (BusinessType, BusinessTypeRule). */
@Injectable()
export class BusinessTypesRepository {
  /** Code of the type untyped calls count under; kept in the tree (the service refuses to remove or hide it). */
  readonly fallbackCode = OTHER_BUSINESS_TYPE;

  constructor(private readonly prisma: PrismaService) {}

  /** Every type in tree order (top-level by sort order, each followed by its children). */
  async types(): Promise<BusinessTypeView[]> {
    const rows = await this.prisma.businessType.findMany({ include: { parent: { select: { code: true } } } });
    return orderBusinessTypes(rows.map(typeView));
  }

  /** Every mapping, by kind then match. */
  async rules(): Promise<BusinessTypeRuleView[]> {
    const rows = await this.prisma.businessTypeRule.findMany({ include: { type: { select: { code: true } } }, orderBy: [{ kind: 'asc' }, { match: 'asc' }] });
    return rows.map(ruleView);
  }

  /** The tree and mappings as the KPI engine takes them (libs/kpi BusinessTypeConfig). */
  async config(): Promise<BusinessTypeConfig> {
    const [types, rules] = await Promise.all([this.types(), this.rules()]);
    return {
      types: types.map(({ code, parentCode, nameZh, nameEn, sortOrder, active }) => ({ code, parentCode, nameZh, nameEn, sortOrder, active })),
      rules: rules.map(({ kind, match, typeCode }) => ({ kind, match, typeCode })),
    };
  }
}
