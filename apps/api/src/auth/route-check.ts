import { Injectable, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import { ENDPOINTS, shadows, type EndpointDef } from '@hotline/contracts';
import { IntakeAuthService } from '../intake/intake-auth.service.js';
import { WallboardTokensService } from '../wallboard/wallboard-tokens.service.js';
import { ENDPOINT_KEY } from './endpoint.decorator.js';

/**
 * Deny by default, checked at start-up: every route handler of every controller must be declared with
 * `@Endpoint` (so it names its permission), and every endpoint of the contract must be served; an endpoint of
 * access `intake-key` (signed, no session) must be a write and the signature's verifier (IntakeAuthService) must be
 * loaded; no route may be unreachable behind an earlier one (`GET /api/requests/{id}` registered before
 * `GET /api/requests/mine` would take every request for `mine`). Otherwise the API does not start, naming the
 * offending handler or endpoint.
 */
@Injectable()
export class RouteCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const served = new Set<string>();
    const problems: string[] = [];
    /** Routes in the order Nest registers them (modules, controllers, then methods in declaration order). */
    const routed: EndpointDef[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const isRoute = Reflect.getMetadata(PATH_METADATA, handler) !== undefined && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined;
        if (!isRoute) continue;
        const def = this.reflector.get<EndpointDef | undefined>(ENDPOINT_KEY, handler as (...args: unknown[]) => unknown);
        if (!def) problems.push(`${wrapper.name}.${name} is routed without @Endpoint (no declared permission)`);
        else {
          served.add(`${def.method} ${def.path}`);
          const earlier = routed.find((e) => e.method === def.method && shadows(e.path, def.path));
          if (earlier) problems.push(`${def.id} (${def.method} ${def.path}) is unreachable: ${earlier.id} (${earlier.path}) is routed before it and takes its requests`);
          routed.push(def);
        }
      }
    }
    for (const e of ENDPOINTS) if (!served.has(`${e.method} ${e.path}`)) problems.push(`contract endpoint ${e.id} (${e.method} ${e.path}) has no handler`);
    const signed = ENDPOINTS.filter((e) => e.access === 'intake-key');
    for (const e of signed) if (e.method === 'GET') problems.push(`contract endpoint ${e.id} is a signed (intake-key) read: only writes may be signed`);
    if (signed.length && !this.has(IntakeAuthService)) problems.push(`contract endpoints ${signed.map((e) => e.id).join(', ')} need IntakeAuthService (IntakeModule) to verify their signature`);
    // issue 15: a wallboard token only reads (the wallboard's snapshot), and its verifier must be loaded
    const boards = ENDPOINTS.filter((e) => e.access === 'wallboard-token');
    for (const e of boards) if (e.method !== 'GET') problems.push(`contract endpoint ${e.id} takes a wallboard token: only reads may`);
    if (boards.length && !this.has(WallboardTokensService)) problems.push(`contract endpoints ${boards.map((e) => e.id).join(', ')} need WallboardTokensService (WallboardModule) to check their token`);
    if (problems.length) throw new Error(`routes and the contract disagree: ${problems.join('; ')}`);
  }

  private has(token: typeof IntakeAuthService | typeof WallboardTokensService): boolean {
    try {
      return Boolean(this.moduleRef.get(token, { strict: false }));
    } catch {
      return false;
    }
  }
}

