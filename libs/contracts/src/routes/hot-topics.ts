import { defineEndpoint } from '../endpoint';
import { HotTopicSeries, HotTopicSeriesQuery, HotTopicSpikes, HotTopicSpikesQuery, HotTopicsQuery, HotTopicsView, RepeatCallers, RepeatCallersQuery } from '../hot-topics';

/**
 * Hot topics (热点诉求: registered requests per business type, no caller data; the shift lead, the supplier manager
 * and the bureau) and the repeat-caller worklist (callers masked; the shift lead and the supplier manager only).
 */
export const hotTopicRoutes = {
  hotTopics: defineEndpoint({
    id: 'hotTopics', method: 'GET', path: '/api/hot-topics', access: 'hotTopics.read', tag: 'hot-topics', query: HotTopicsQuery, response: HotTopicsView,
    summary: 'The top business types of a day, ISO week or month, with their share and movement against the previous period.',
  }),
  hotTopicSeries: defineEndpoint({
    id: 'hotTopicSeries', method: 'GET', path: '/api/hot-topics/series', access: 'hotTopics.read', tag: 'hot-topics', query: HotTopicSeriesQuery, response: HotTopicSeries,
    summary: 'Registered requests per business type per day, week or month over a range of at most 400 days (for a chart).',
  }),
  hotTopicSpikes: defineEndpoint({
    id: 'hotTopicSpikes', method: 'GET', path: '/api/hot-topics/spikes', access: 'hotTopics.read', tag: 'hot-topics', query: HotTopicSpikesQuery, response: HotTopicSpikes,
    summary: "A day's spike alarm: each type's count against the 99th percentile of a Poisson with its trailing 28-day mean.",
  }),
  repeatCallers: defineEndpoint({
    id: 'repeatCallers', method: 'GET', path: '/api/repeat-callers', access: 'requests.read', tag: 'hot-topics', query: RepeatCallersQuery, response: RepeatCallers,
    summary: 'Callers (masked) with 2 or more calls within 2 h or 24 h ending on a day, with their calls and registered requests; newest first.',
  }),
};
