import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Permission, Role } from '@hotline/contracts';
import type { Request } from 'express';

/** The signed-in user of a request, as the guard found her (fresh from the database on every request). */
export interface AuthUser {
  id: number;
  login: string;
  displayName: string;
  roles: Role[];
  agentId: string | null;
  permissions: ReadonlySet<Permission>;
  /** The session's id (the secret): never logged or shown; sessions are listed by a hash of it. */
  sessionId: string;
}

/** Request context every handler may use: the user (undefined on public routes) and the client's address. */
export interface RequestContext {
  user?: AuthUser;
  ip: string | null;
  userAgent: string | null;
}

/** The request's context, set by AccessGuard. */
export function requestContext(req: Request): RequestContext {
  const r = req as Request & { hotline?: RequestContext };
  return (r.hotline ??= { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null });
}

/** Parameter decorator: the signed-in user (throws on a public route, where there is none). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = requestContext(ctx.switchToHttp().getRequest<Request>()).user;
  if (!user) throw new Error('CurrentUser on a route without a session');
  return user;
});

/** Parameter decorator: the whole request context (user when signed in, ip, user agent). */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => requestContext(ctx.switchToHttp().getRequest<Request>()));
