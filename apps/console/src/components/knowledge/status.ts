import type { KnowledgeArticleSummary, KnowledgeVersionStatus } from '@hotline/contracts';

/** Element Plus tag types of the version states (and `retired`). */
export const STATUS_TAG: Record<KnowledgeVersionStatus | 'retired', 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  draft: 'info', in_review: 'warning', published: 'success', superseded: 'primary', rejected: 'danger', retired: 'danger',
};

/** The state an article is listed with: retired, else its open version's (draft / in review), else its latest version's. */
export function articleState(a: Pick<KnowledgeArticleSummary, 'retired' | 'openVersion' | 'latestStatus'>): KnowledgeVersionStatus | 'retired' {
  if (a.retired) return 'retired';
  return a.openVersion?.status ?? a.latestStatus;
}
