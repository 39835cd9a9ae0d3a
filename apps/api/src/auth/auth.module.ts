import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AuditInterceptor } from '../audit/audit.interceptor.js';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { RouteCheck } from './route-check.js';
import { SessionService } from './session.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/**
 * Who may see and do what: sessions, sign-in, accounts, the deny-by-default guard on every route, the audit of
 * every write, and the start-up check that every route declares its permission. Global: the socket gateway and
 * other modules use the sessions.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, UsersController],
  providers: [
    SessionService,
    UsersRepository,
    AuthService,
    UsersService,
    RouteCheck,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [SessionService, AuthService],
})
export class AuthModule {}
