import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { WALLBOARD_TOKEN_HEADER, type EndpointDef } from '@hotline/contracts';
import { AuditService } from '../audit/audit.service.js';
import { assertBodyType } from '../common/body-type.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { IntakeAuthService } from '../intake/intake-auth.service.js';
import { WallboardTokensService } from '../wallboard/wallboard-tokens.service.js';
import { AuthService } from './auth.service.js';
import { requestContext } from './current-user.js';
import { ENDPOINT_KEY } from './endpoint.decorator.js';
import { originAllowed } from './session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The first place in a request's input holding a NUL character (Postgres text cannot store one), as a field path
 * (`body.displayName`, `query.actor`, `params.callId`), or null. Walks iteratively: a hostile body nested thousands
 * deep cannot overflow the stack.
 */
export function nulField(input: Record<string, unknown>): string | null {
  const stack: [string, unknown][] = Object.entries(input);
  let visited = 0;
  while (stack.length && visited++ < 1_000_000) {
    const [path, value] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return path;
        stack.push([`${path}.${k}`, v]);
      }
    }
  }
  return null;
}

/** Constant-time comparison of two tokens. */
function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The one guard of every HTTP route (deny by default). In order:
 * 1. the route must be declared with `@Endpoint` (else 403 `undeclared`; the API also refuses to start then);
 *    input with a NUL character anywhere is refused (400 naming the field);
 * 2. `intake-key` routes (the platform push) need a request signed with an intake source's API key, checked by
 *    IntakeAuthService (401/403/413/415/429 naming the header; no session, no CSRF token, no Origin rule: nothing
 *    rides on a cookie; a signed-in user without a key gets 403 `forbidden`); absent that service the route is
 *    refused (403 `intake_unavailable`), never let through;
 * 2b. `wallboard-token` routes (the hall wallboard's snapshot, issue 15) need a wallboard token in `X-Wallboard-Token`,
 *    checked by WallboardTokensService (401 `unauthenticated` without one, 401 `invalid_token` for an unknown, expired
 *    or revoked one; a signed-in user without one gets 403 `forbidden`: a session grants nothing there); absent that
 *    service the route is refused (403 `wallboard_unavailable`). A token grants nothing anywhere else: every other
 *    route still needs what it needs (a session);
 * 3. a write whose `Origin` is neither the API's own nor in HOTLINE_CORS_ORIGINS is refused (403 `cross_origin`);
 *    then a body of a type the endpoint does not take (JSON unless its contract names `bodyContentType`) is refused
 *    (415 `unsupported_media_type`, see assertBodyType);
 * 4. `public` routes pass; others need a valid session (401 `unauthenticated`);
 * 5. writes need the session's CSRF token in `X-CSRF-Token` (403 `csrf`; synchronizer-token pattern, OWASP CSRF
 *    Prevention Cheat Sheet), on top of the SameSite=Strict cookie;
 * 6. a user with a temporary password may only reach `session` routes (403 `password_change_required`);
 * 7. the endpoint's permission (403 `forbidden`, audited as `auth.denied`).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The push's verifier (IntakeModule), looked up once; null when the module is not loaded. */
  private intakeAuth: IntakeAuthService | null | undefined;

  private intake(): IntakeAuthService | null {
    if (this.intakeAuth === undefined) {
      try {
        this.intakeAuth = this.moduleRef.get(IntakeAuthService, { strict: false }) ?? null;
      } catch {
        this.intakeAuth = null;
      }
    }
    return this.intakeAuth ?? null;
  }

  /** The wallboard tokens' verifier (WallboardModule), looked up once; null when the module is not loaded. */
  private wallboardTokens: WallboardTokensService | null | undefined;

  private wallboard(): WallboardTokensService | null {
    if (this.wallboardTokens === undefined) {
      try {
        this.wallboardTokens = this.moduleRef.get(WallboardTokensService, { strict: false }) ?? null;
      } catch {
        this.wallboardTokens = null;
      }
    }
    return this.wallboardTokens ?? null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // socket events are checked by the gateway's handshake
    const def = this.reflector.get<EndpointDef | undefined>(ENDPOINT_KEY, context.getHandler());
    if (!def) throw new DomainError('undeclared', 'this route declares no permission');
    const req = context.switchToHttp().getRequest<Request>();
    const ctx = requestContext(req);
    const write = !SAFE_METHODS.has(req.method);
    const nul = nulField({ params: req.params, query: req.query, body: req.body as unknown });
    if (nul) throw new DomainError('invalid_request', `${nul}: NUL characters are not allowed`, nul.replace(/^(body|query|params)\./, ''));
    if (def.access === 'intake-key') {
      const intake = this.intake();
      if (!intake) throw new DomainError('intake_unavailable', 'signed intake requests are not served by this API');
      // A signed-in user without a key: her session grants nothing here (403, as for a permission she lacks).
      if (!req.get('x-hotline-key') && (await this.auth.resolve(req))) throw new DomainError('forbidden', 'this route takes no session: sign the request with an intake API key (X-Hotline-Key)', 'X-Hotline-Key');
      await intake.authenticate(req, context.switchToHttp().getResponse<Response>(), def);
      return true;
    }
    if (def.access === 'wallboard-token') {
      const tokens = this.wallboard();
      if (!tokens) throw new DomainError('wallboard_unavailable', 'wallboard tokens are not served by this API');
      const token = req.get(WALLBOARD_TOKEN_HEADER);
      if (!token) {
        if (await this.auth.resolve(req)) throw new DomainError('forbidden', 'this route takes no session: send a wallboard token (X-Wallboard-Token)', 'X-Wallboard-Token');
        throw new DomainError('unauthenticated', 'send a wallboard token in X-Wallboard-Token', 'X-Wallboard-Token');
      }
      if (!(await tokens.verify(token))) throw new DomainError('invalid_token', 'the wallboard token is unknown, expired or revoked', 'X-Wallboard-Token');
      return true;
    }
    if (write && !originAllowed(req.get('origin'), req.get('host'), this.config.HOTLINE_CORS_ORIGINS)) {
      await this.audit.record({ actor: null, ip: ctx.ip, action: 'auth.denied', target: def.id, outcome: 'denied', detail: { reason: 'cross_origin', origin: req.get('origin') } });
      throw new DomainError('cross_origin', 'cross-origin writes are refused');
    }
    assertBodyType(req, def);
    if (def.access === 'public') return true;
    const resolved = await this.auth.resolve(req);
    if (!resolved) throw new DomainError('unauthenticated', 'sign in first (POST /api/auth/login)');
    const { user, row } = resolved;
    ctx.user = user;
    const deny = async (code: 'csrf' | 'password_change_required' | 'forbidden', message: string): Promise<never> => {
      await this.audit.record({ actor: { id: user.id, login: user.login }, ip: ctx.ip, action: 'auth.denied', target: def.id, outcome: 'denied', detail: { reason: code, method: req.method, path: req.path, access: def.access } });
      throw new DomainError(code, message);
    };
    if (write && !sameToken(req.get('x-csrf-token'), req.session.csrfToken)) return deny('csrf', 'the X-CSRF-Token header is missing or wrong (GET /api/auth/me gives it)');
    if (row.mustChangePassword && def.access !== 'session') return deny('password_change_required', 'change the temporary password first (POST /api/auth/password)');
    if (def.access !== 'session' && !user.permissions.has(def.access)) return deny('forbidden', `this needs the permission ${def.access}`);
    return true;
  }
}
