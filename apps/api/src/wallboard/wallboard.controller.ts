import { Body, Controller, Param } from '@nestjs/common';
import { API, IdParams, WallboardTokenBody, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { WallboardSource } from './wallboard-source.service.js';
import { WallboardTokensService } from './wallboard-tokens.service.js';

/** The hall wallboard: its snapshot (the guard checked the wallboard token) and the tokens (`wallboard.manage`). */
@Controller()
export class WallboardController {
  constructor(
    private readonly source: WallboardSource,
    private readonly tokens: WallboardTokensService,
  ) {}

  /** The wallboard's figures (the screen also receives them over Socket.IO, namespace `/wallboard`). */
  @Endpoint(API.wallboardSnapshot)
  snapshot(): Promise<ResponseOf<typeof API.wallboardSnapshot>> {
    return this.source.snapshot();
  }

  @Endpoint(API.listWallboardTokens)
  list(): Promise<ResponseOf<typeof API.listWallboardTokens>> {
    return this.tokens.list();
  }

  @Endpoint(API.createWallboardToken)
  create(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.createWallboardToken>> {
    return this.tokens.create(WallboardTokenBody.parse(body ?? {}), user.id);
  }

  @Endpoint(API.revokeWallboardToken)
  revoke(@Param() params: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.revokeWallboardToken>> {
    return this.tokens.revoke(IdParams.parse(params).id, user.id);
  }
}
