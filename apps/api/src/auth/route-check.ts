import { Injectable, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ENDPOINTS, type EndpointDef } from '@hotline/contracts';
import { ENDPOINT_KEY } from './endpoint.decorator.js';

/**
 * Deny by default, checked at start-up: every route handler of every controller must be declared with
 * `@Endpoint` (so it names its permission), and every endpoint of the contract must be served. Otherwise the API
 * does not start, naming the offending handler or endpoint.
 */
@Injectable()
export class RouteCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const served = new Set<string>();
    const problems: string[] = [];
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
        else served.add(`${def.method} ${def.path}`);
      }
    }
    for (const e of ENDPOINTS) if (!served.has(`${e.method} ${e.path}`)) problems.push(`contract endpoint ${e.id} (${e.method} ${e.path}) has no handler`);
    if (problems.length) throw new Error(`routes and the contract disagree: ${problems.join('; ')}`);
  }
}
