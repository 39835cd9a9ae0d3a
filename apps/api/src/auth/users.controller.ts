import { Body, Controller, Param } from '@nestjs/common';
import { API, CreateUserBody, IdParams, ResetPasswordBody, SessionHandleParams, UpdateUserBody, type SessionView, type UserView } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from './current-user.js';
import { Endpoint } from './endpoint.decorator.js';
import { UsersService } from './users.service.js';

/** Accounts and signed-in sessions. */
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Endpoint(API.listUsers)
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Endpoint(API.createUser)
  create(@CurrentUser() actor: AuthUser, @Body() body: unknown): Promise<UserView> {
    return this.users.create(actor, CreateUserBody.parse(body));
  }

  @Endpoint(API.updateUser)
  update(@CurrentUser() actor: AuthUser, @Param() params: unknown, @Body() body: unknown): Promise<UserView> {
    return this.users.update(actor, IdParams.parse(params).id, UpdateUserBody.parse(body));
  }

  @Endpoint(API.resetPassword)
  resetPassword(@CurrentUser() actor: AuthUser, @Param() params: unknown, @Body() body: unknown): Promise<UserView> {
    return this.users.resetPassword(actor, IdParams.parse(params).id, ResetPasswordBody.parse(body));
  }

  @Endpoint(API.listSessions)
  sessions(): Promise<SessionView[]> {
    return this.users.listSessions();
  }

  @Endpoint(API.revokeSession)
  revoke(@Param() params: unknown): Promise<void> {
    return this.users.revokeSession(SessionHandleParams.parse(params).id);
  }
}
