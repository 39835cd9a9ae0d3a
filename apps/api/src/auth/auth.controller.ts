import { Body, Controller, Req, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { API, ChangePasswordBody, LoginBody, type SessionInfo } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from './current-user.js';
import { Endpoint } from './endpoint.decorator.js';
import { AuthService } from './auth.service.js';

/** Sign-in, sign-out, who am I, change my password. */
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Rate-limited per client address (HOTLINE_LOGIN_RATE_LIMIT a minute) on top of the per-account lockout. */
  @Endpoint(API.login)
  @UseGuards(ThrottlerGuard)
  login(@Req() req: Request, @Body() body: unknown): Promise<SessionInfo> {
    return this.auth.login(req, LoginBody.parse(body));
  }

  @Endpoint(API.logout)
  logout(@Req() req: Request, @CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(req, user);
  }

  @Endpoint(API.me)
  me(@Req() req: Request, @CurrentUser() user: AuthUser): Promise<SessionInfo> {
    return this.auth.me(req, user);
  }

  @Endpoint(API.changePassword)
  changePassword(@Req() req: Request, @CurrentUser() user: AuthUser, @Body() body: unknown): Promise<SessionInfo> {
    return this.auth.changePassword(req, user, ChangePasswordBody.parse(body));
  }
}
