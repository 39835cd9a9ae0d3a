import { Body, Controller, Param } from '@nestjs/common';
import { API, AckBody, AlertParams, FloorSettings, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { AttentionService } from './attention.service.js';
import { FloorSettingsService } from './floor-settings.service.js';

/** The live floor's "needs attention now": thresholds, the list, acknowledgements. */
@Controller()
export class FloorController {
  constructor(
    private readonly settings: FloorSettingsService,
    private readonly attention: AttentionService,
  ) {}

  @Endpoint(API.floorSettings)
  getSettings(): Promise<ResponseOf<typeof API.floorSettings>> {
    return this.settings.view();
  }

  /** Replaces the thresholds (400 naming the field out of its bounds); audited before/after. */
  @Endpoint(API.floorSettingsPut)
  putSettings(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.floorSettingsPut>> {
    return this.settings.replace(FloorSettings.parse(body), user);
  }

  @Endpoint(API.floorAttention)
  list(): Promise<ResponseOf<typeof API.floorAttention>> {
    return this.attention.attention();
  }

  /** Acknowledges a listed alert (404 `alert_not_found` otherwise); audited with the author. */
  @Endpoint(API.floorAlertAck)
  ack(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.floorAlertAck>> {
    AckBody.parse(body ?? {});
    return this.attention.acknowledge(AlertParams.parse(params).id, user);
  }
}
