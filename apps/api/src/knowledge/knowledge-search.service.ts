import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { KnowledgeSearchHit, KnowledgeSearchQuery, KnowledgeSearchResult } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { KnowledgeIndex, bigramAnalyzer } from '@hotline/knowledge';
import { BusinessTypesService } from '../business-types/business-types.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { KnowledgeArticleVersion } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { KnowledgeService } from './knowledge.service.js';

/** Hits when the query names no limit. */
const DEFAULT_LIMIT = 5;

/**
 * How long (ms) an index is trusted without re-reading the articles' stamp: writes through this process rebuild it at
 * once (the `changed` event); a write by another API process shows within this delay. Keeps the stamp query off most
 * keystrokes of the desk's type-ahead (a design bound, not a measured figure).
 */
const STAMP_RECHECK_MS = 1_000;

/** The index and what it was built from. */
interface Built {
  index: KnowledgeIndex<number>;
  versions: Map<number, KnowledgeArticleVersion>;
  /** code -> its top-level code. */
  family: Map<string, string>;
  /** The articles' latest change and count when built: a change by another API process shows in them. */
  stamp: string;
  /** When (epoch ms) the stamp was last read equal to `stamp`. */
  checkedAt: number;
}

/**
 * The knowledge search (libs/knowledge: character bigrams + BM25F over question, keywords and answer; chosen on the
 * test set, figures in the README): an in-memory index of the published versions of the articles not retired, built
 * on the first search and again after a write here (KnowledgeService `changed`), a change of the business-type tree,
 * or a change written by another process (the articles' latest `updatedAt` and count: one indexed aggregate, read
 * by a search at most every {@link STAMP_RECHECK_MS} ms). Validity (validFrom..validTo, local days of HOTLINE_TIMEZONE) is checked at search time, so an
 * article starts and stops being found at local midnight without a rebuild.
 */
@Injectable()
export class KnowledgeSearchService implements OnModuleInit, OnModuleDestroy {
  private built: Promise<Built> | undefined;
  private readonly invalidate = (): void => {
    this.built = undefined;
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly articles: KnowledgeService,
    private readonly types: BusinessTypesService,
  ) {}

  onModuleInit(): void {
    this.articles.changes.on('changed', this.invalidate);
    this.types.changes.on('change', this.invalidate);
  }

  onModuleDestroy(): void {
    this.articles.changes.off('changed', this.invalidate);
    this.types.changes.off('change', this.invalidate);
  }

  private async stamp(): Promise<string> {
    const { _max, _count } = await this.prisma.knowledgeArticle.aggregate({ _max: { updatedAt: true }, _count: { _all: true } });
    return `${_max.updatedAt?.toISOString() ?? '-'}|${_count._all}`;
  }

  private async build(stamp: string): Promise<Built> {
    const [rows, parents] = await Promise.all([
      this.prisma.knowledgeArticleVersion.findMany({ where: { status: 'published', article: { retiredAt: null } }, orderBy: { articleId: 'asc' } }),
      this.articles.typeParents(),
    ]);
    const index = new KnowledgeIndex(
      rows.map((v) => ({ id: v.articleId, question: v.question, keywords: v.keywords, answer: v.answer, businessTypeCode: v.businessTypeCode })),
      bigramAnalyzer,
    );
    const family = new Map([...parents].map(([code, parent]) => [code, parent ?? code]));
    return { index, versions: new Map(rows.map((v) => [v.articleId, v])), family, stamp, checkedAt: Date.now() };
  }

  private async current(): Promise<Built> {
    const trusted = this.built && (await this.built.catch(() => undefined));
    if (trusted && Date.now() - trusted.checkedAt < STAMP_RECHECK_MS) return trusted;
    const stamp = await this.stamp();
    const cached = this.built && (await this.built.catch(() => undefined));
    if (cached?.stamp === stamp) {
      cached.checkedAt = Date.now();
      return cached;
    }
    const building = this.build(stamp);
    this.built = building;
    return building;
  }

  /**
   * Published articles valid today matching `q`, best first (the request's type boosted); nothing without q or type.
   * @throws DomainError 400 `unknown_business_type` (field `businessTypeCode`) for a code not in the business-type tree.
   */
  async search(query: KnowledgeSearchQuery): Promise<KnowledgeSearchResult> {
    const { index, versions, family } = await this.current();
    // The tree as built with the index; a type added since by another process is looked up before refusing.
    if (query.businessTypeCode !== undefined && !family.has(query.businessTypeCode) && !(await this.articles.typeParents()).has(query.businessTypeCode)) {
      throw new DomainError('unknown_business_type', `businessTypeCode: no business type "${query.businessTypeCode}" in the tree`, 'businessTypeCode');
    }
    const today = dayKey(new Date(), this.config.HOTLINE_TIMEZONE);
    const valid = (v: KnowledgeArticleVersion) => (v.validFrom === null || v.validFrom <= today) && (v.validTo === null || v.validTo >= today);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const q = (query.q ?? '').trim();
    const type = query.businessTypeCode;
    let ranked: { id: number; score: number; matchedTerms: string[] }[];
    if (q !== '') {
      ranked = index.search(q, { limit: index.size, businessTypeCode: type, familyOf: (code) => family.get(code) ?? code });
    } else if (type !== undefined) {
      ranked = [...versions.values()].filter((v) => v.businessTypeCode === type).map((v) => ({ id: v.articleId, score: 0, matchedTerms: [] }));
    } else {
      ranked = [];
    }
    const hits: KnowledgeSearchHit[] = [];
    for (const r of ranked) {
      const v = versions.get(r.id);
      if (!v || !valid(v)) continue;
      hits.push({
        articleId: v.articleId, version: v.version, question: v.question, answer: v.answer, businessTypeCode: v.businessTypeCode, keywords: v.keywords,
        sourceDocument: v.sourceDocument, validFrom: v.validFrom, validTo: v.validTo, score: Math.round(r.score * 1000) / 1000, matchedTerms: r.matchedTerms,
      });
      if (hits.length === limit) break;
    }
    return { method: 'bigram-bm25', terms: q === '' ? [] : index.terms(q), hits };
  }
}
