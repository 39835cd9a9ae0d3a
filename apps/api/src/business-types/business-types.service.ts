import { EventEmitter } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import type { BusinessTypeBody, BusinessTypePatch, BusinessTypeRuleBody, BusinessTypeRuleView, BusinessTypeTree, BusinessTypeView } from '@hotline/contracts';
import { normalizeMatch, normalizeRuleMatch } from '@hotline/kpi';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Prisma } from '../generated/prisma/client.js';
import { ledgerChangeChannel, reloadStatement } from '../ledger/ledger-changes.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { BusinessTypesRepository, ruleView, typeView } from './business-types.repository.js';

const withParent = { parent: { select: { code: true } } } as const;
const withType = { type: { select: { code: true } } } as const;

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/** An IVR choice in normal form (libs/kpi normalizeRuleMatch): menu digits, levels joined by `-` (`2`, `2-1`). */
const IVR_CHOICE = /^[0-9]+(?:-[0-9]+)*$/;

/**
 * The business-type tree (业务类型) and its mappings: read by anyone signed in, changed by the supplier manager. Every
 * change is audited (the audit interceptor's entry, with the before/after noted here), writes a `reload` change to the
 * ledger's change outbox in its own transaction (every node's live engine re-types its calls: ledger-changes.ts), and
 * is announced on `changes` (`change`).
 *
 * Rules of the tree: two levels at most (a parent is a top-level type; a type with children stays top-level); the
 * fallback type (`other`) stays top-level and active and is never removed; a type with children or mappings is
 * deactivated rather than removed.
 */
@Injectable()
export class BusinessTypesService {
  /** Emits `change` after every successful write. */
  readonly changes = new EventEmitter();

  /** The NOTIFY channel of the ledger's change outbox. */
  private readonly changeChannel: string;

  constructor(
    private readonly prisma: PrismaService,
    private readonly repository: BusinessTypesRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.changeChannel = ledgerChangeChannel(config.HOTLINE_STREAM_PREFIX);
  }

  /** The tree, its mappings and the fallback code. */
  async tree(): Promise<BusinessTypeTree> {
    const [types, rules] = await Promise.all([this.repository.types(), this.repository.rules()]);
    return { types, rules, fallbackCode: this.repository.fallbackCode };
  }

  /** The id of a top-level parent for a new or moved type. @throws DomainError 400 `unknown_parent` / `parent_not_top_level` (field `parentCode`). */
  private async parentId(parentCode: string | null | undefined, self?: string): Promise<number | null> {
    if (parentCode === null || parentCode === undefined) return null;
    if (parentCode === self) throw new DomainError('parent_is_self', 'a type cannot be its own parent', 'parentCode');
    const parent = await this.prisma.businessType.findUnique({ where: { code: parentCode } });
    if (!parent) throw new DomainError('unknown_parent', `no business type "${parentCode}"`, 'parentCode');
    if (parent.parentId !== null) throw new DomainError('parent_not_top_level', `"${parentCode}" is itself a second-level type: the tree has two levels`, 'parentCode');
    if (parentCode === this.repository.fallbackCode) throw new DomainError('parent_is_fallback', `the fallback type "${parentCode}" has no children`, 'parentCode');
    return parent.id;
  }

  /**
   * Refuses a name another type already has: the resolver types a call by its category text compared with every
   * type's `nameZh`, `nameEn` and code in {@link normalizeMatch} form (NFKC, trimmed, blanks collapsed, lower case),
   * so two types with one name would take each other's calls.
   * @param names - the names being set (undefined: unchanged, not checked).
   * @param self - the code of the type being changed (its own names do not count).
   * @throws DomainError 409 `name_taken` (field `nameZh` / `nameEn`) naming the other type.
   */
  private async checkNamesFree(names: { nameZh?: string; nameEn?: string }, self: string): Promise<void> {
    const others = await this.prisma.businessType.findMany({ where: { code: { not: self } }, select: { code: true, nameZh: true, nameEn: true } });
    for (const field of ['nameZh', 'nameEn'] as const) {
      const wanted = names[field];
      if (wanted === undefined) continue;
      const key = normalizeMatch(wanted);
      const other = others.find((o) => [o.nameZh, o.nameEn, o.code].some((n) => normalizeMatch(n) === key));
      if (other) throw new DomainError('name_taken', `the business type "${other.code}" is already called "${wanted}" (names are compared trimmed, case-insensitive): calls of that category could not tell the two apart`, field);
    }
  }

  /**
   * Adds a type. @throws DomainError 409 `code_taken` (field `code`); 409 `name_taken` (field `nameZh` / `nameEn`);
   * the parent refusals of {@link parentId}.
   */
  async add(body: BusinessTypeBody): Promise<BusinessTypeView> {
    const parentId = await this.parentId(body.parentCode, body.code);
    const existing = await this.prisma.businessType.findUnique({ where: { code: body.code }, select: { id: true } });
    if (existing) throw new DomainError('code_taken', `a business type "${body.code}" exists already`, 'code');
    await this.checkNamesFree(body, body.code);
    try {
      const [row] = await this.prisma.$transaction([this.prisma.businessType.create({
        data: { code: body.code, parentId, nameZh: body.nameZh, nameEn: body.nameEn, sortOrder: body.sortOrder ?? 0, active: body.active ?? true },
        include: withParent,
      }), this.reload()]);
      const after = typeView(row);
      auditNote({ after, target: `businessType:${row.code}` });
      this.changed();
      return after;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('code_taken', `a business type "${body.code}" exists already`, 'code');
      throw error;
    }
  }

  /**
   * Changes a type's names, order, parent or active flag.
   * @throws DomainError 404 `not_found` (field `code`); 400 `has_children` (field `parentCode`) when a type with children
   *   would become second-level; 400 `fallback_fixed` (field `active` / `parentCode`) for the fallback type; the parent
   *   refusals of {@link parentId}; 409 `name_taken` (field `nameZh` / `nameEn`) as {@link checkNamesFree}.
   */
  async update(code: string, patch: BusinessTypePatch): Promise<BusinessTypeView> {
    const before = await this.prisma.businessType.findUnique({ where: { code }, include: { ...withParent, _count: { select: { children: true } } } });
    if (!before) throw new DomainError('not_found', `no business type "${code}"`, 'code');
    const fallback = code === this.repository.fallbackCode;
    if (fallback && patch.active === false) throw new DomainError('fallback_fixed', `"${code}" is where untyped calls count: it stays active`, 'active');
    if (fallback && patch.parentCode) throw new DomainError('fallback_fixed', `"${code}" is where untyped calls count: it stays top-level`, 'parentCode');
    await this.checkNamesFree(patch, code);
    let parentId: number | null | undefined;
    if (patch.parentCode !== undefined) {
      parentId = await this.parentId(patch.parentCode, code);
      if (parentId !== null && before._count.children > 0) throw new DomainError('has_children', `"${code}" has second-level types: it stays top-level`, 'parentCode');
    }
    const [row] = await this.prisma.$transaction([this.prisma.businessType.update({
      where: { code },
      data: { nameZh: patch.nameZh, nameEn: patch.nameEn, sortOrder: patch.sortOrder, active: patch.active, parentId },
      include: withParent,
    }), this.reload()]);
    const after = typeView(row);
    auditNote({ before: typeView(before), after, target: `businessType:${code}` });
    this.changed();
    return after;
  }

  /**
   * Removes a type nothing refers to.
   * @throws DomainError 404 `not_found`; 400 `fallback_fixed` for the fallback type; 409 `in_use` (field `code`) while it
   *   has children or mappings.
   */
  async remove(code: string): Promise<void> {
    const before = await this.prisma.businessType.findUnique({ where: { code }, include: { ...withParent, _count: { select: { children: true, rules: true } } } });
    if (!before) throw new DomainError('not_found', `no business type "${code}"`, 'code');
    if (code === this.repository.fallbackCode) throw new DomainError('fallback_fixed', `"${code}" is where untyped calls count: it cannot be removed`, 'code');
    if (before._count.children > 0 || before._count.rules > 0) {
      throw new DomainError('in_use', `"${code}" has ${before._count.children} second-level types and ${before._count.rules} mappings: remove them first, or deactivate the type`, 'code');
    }
    await this.prisma.$transaction([this.prisma.businessType.delete({ where: { code } }), this.reload()]);
    auditNote({ before: typeView(before), target: `businessType:${code}` });
    this.changed();
  }

  /**
   * The type id a rule body names. @throws DomainError 400 `unknown_type` (field `typeCode`); 400 `empty_match` /
   * `not_ivr_choice` (field `match`) when an IVR match is no menu choice (digits, levels joined by `-`: `2`, `2-1`;
   * `2.1` and `2 > 1` are read as `2-1`).
   */
  private async ruleData(body: BusinessTypeRuleBody): Promise<{ kind: string; match: string; typeId: number }> {
    const match = normalizeRuleMatch(body.kind, body.match);
    if (match === '') throw new DomainError('empty_match', `"${body.match}" holds no IVR keys`, 'match');
    if (body.kind === 'ivr' && !IVR_CHOICE.test(match)) {
      throw new DomainError('not_ivr_choice', `"${body.match}" is no IVR choice: give the menu digits, levels joined by "-" (e.g. 2 or 2-1)`, 'match');
    }
    const type = await this.prisma.businessType.findUnique({ where: { code: body.typeCode } });
    if (!type) throw new DomainError('unknown_type', `no business type "${body.typeCode}"`, 'typeCode');
    return { kind: body.kind, match, typeId: type.id };
  }

  /** Adds a mapping. @throws DomainError 409 `match_taken` (field `match`); the refusals of {@link ruleData}. */
  async addRule(body: BusinessTypeRuleBody): Promise<BusinessTypeRuleView> {
    const data = await this.ruleData(body);
    try {
      const [row] = await this.prisma.$transaction([this.prisma.businessTypeRule.create({ data, include: withType }), this.reload()]);
      const after = ruleView(row);
      auditNote({ after, target: `businessTypeRule:${after.id}` });
      this.changed();
      return after;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('match_taken', `the ${body.kind} "${data.match}" is mapped already`, 'match');
      throw error;
    }
  }

  /** Replaces a mapping. @throws DomainError 404 `not_found` (field `id`), 409 `match_taken`; the refusals of {@link ruleData}. */
  async updateRule(id: number, body: BusinessTypeRuleBody): Promise<BusinessTypeRuleView> {
    const before = await this.prisma.businessTypeRule.findUnique({ where: { id }, include: withType });
    if (!before) throw new DomainError('not_found', `no mapping ${id}`, 'id');
    const data = await this.ruleData(body);
    try {
      const [row] = await this.prisma.$transaction([this.prisma.businessTypeRule.update({ where: { id }, data, include: withType }), this.reload()]);
      const after = ruleView(row);
      auditNote({ before: ruleView(before), after, target: `businessTypeRule:${id}` });
      this.changed();
      return after;
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('match_taken', `the ${body.kind} "${data.match}" is mapped already`, 'match');
      throw error;
    }
  }

  /** Removes a mapping. @throws DomainError 404 `not_found` (field `id`). */
  async removeRule(id: number): Promise<void> {
    const before = await this.prisma.businessTypeRule.findUnique({ where: { id }, include: withType });
    if (!before) throw new DomainError('not_found', `no mapping ${id}`, 'id');
    await this.prisma.$transaction([this.prisma.businessTypeRule.delete({ where: { id } }), this.reload()]);
    auditNote({ before: ruleView(before), target: `businessTypeRule:${id}` });
    this.changed();
  }

  /** The outbox's `reload` of the business types, to run in a write's transaction (ledger-changes.ts reloadStatement). */
  private reload(): Prisma.PrismaPromise<number> {
    const { sql, values } = reloadStatement(this.changeChannel, 'business-types');
    return this.prisma.$executeRawUnsafe(sql, ...values);
  }

  private changed(): void {
    this.changes.emit('change');
  }
}
