import { Controller, Query } from '@nestjs/common';
import { API, HotTopicSeriesQuery, HotTopicSpikesQuery, HotTopicsQuery, RepeatCallersQuery, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { HotTopicsService } from './hot-topics.service.js';

/** Hot topics (热点诉求, `hotTopics.read`: no caller data) and the repeat-caller worklist (`requests.read`: masked). */
@Controller()
export class HotTopicsController {
  constructor(private readonly hotTopics: HotTopicsService) {}

  /** The top business types of a day, ISO week or month against the previous one. */
  @Endpoint(API.hotTopics)
  topics(@Query() query: unknown): Promise<ResponseOf<typeof API.hotTopics>> {
    return this.hotTopics.topics(HotTopicsQuery.parse(query));
  }

  /** Counts per type per day, week or month over a bounded range. */
  @Endpoint(API.hotTopicSeries)
  series(@Query() query: unknown): Promise<ResponseOf<typeof API.hotTopicSeries>> {
    return this.hotTopics.series(HotTopicSeriesQuery.parse(query));
  }

  /** The spike alarm of a day. */
  @Endpoint(API.hotTopicSpikes)
  spikes(@Query() query: unknown): Promise<ResponseOf<typeof API.hotTopicSpikes>> {
    return this.hotTopics.spikes(HotTopicSpikesQuery.parse(query));
  }

  /** The shift lead's repeat-caller worklist (callers masked). */
  @Endpoint(API.repeatCallers)
  repeatCallers(@Query() query: unknown): Promise<ResponseOf<typeof API.repeatCallers>> {
    return this.hotTopics.repeatCallers(RepeatCallersQuery.parse(query));
  }
}
