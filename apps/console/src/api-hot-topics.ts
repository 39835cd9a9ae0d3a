import { hotTopicRoutes, type QueryOf } from '@hotline/contracts';
import { request as call } from './api';

type H = typeof hotTopicRoutes;

/**
 * Hot-topic calls (热点诉求), typed by the contract (`hotTopicRoutes` of `@hotline/contracts`): counts of registered
 * requests per business type, the period's movers, the day's spike alarm (no caller data: the bureau reads them),
 * and the repeat-caller worklist (`requests.read`, callers masked). Errors are `ApiError` (see `api-auth.ts`).
 */
export const hotTopicsApi = {
  /** `GET /api/hot-topics` (`hotTopics.read`): the ranked types of a day / ISO week / month against the previous one. */
  topics: (query: QueryOf<H['hotTopics']>) => call(hotTopicRoutes.hotTopics, { query }),
  /** `GET /api/hot-topics/series` (`hotTopics.read`): counts per type per bucket over at most 400 days. */
  series: (query: QueryOf<H['hotTopicSeries']>) => call(hotTopicRoutes.hotTopicSeries, { query }),
  /** `GET /api/hot-topics/spikes` (`hotTopics.read`): each type's count on a day against its Poisson threshold. */
  spikes: (query: QueryOf<H['hotTopicSpikes']>) => call(hotTopicRoutes.hotTopicSpikes, { query }),
  /** `GET /api/repeat-callers` (`requests.read`): masked callers with 2+ calls within 2 h or 24 h. */
  repeatCallers: (query: QueryOf<H['repeatCallers']>) => call(hotTopicRoutes.repeatCallers, { query }),
};
