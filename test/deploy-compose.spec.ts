/**
 * The deployment files (issue 18: several API nodes behind a proxy), read as Docker reads them (Docker does not run
 * here): `docker compose up --scale api=3` needs an api service without a fixed host port, a proxy service that
 * publishes the one port and routes to every replica by readiness (Traefik's Docker provider: an active health check
 * on /api/health/ready, WebSocket passed through, a sticky cookie for Socket.IO's polling), the database migrated once
 * before the replicas start, and an image whose command still migrates and starts the API on its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './support/stack';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  ports?: string[];
  expose?: string[];
  labels?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const { api, proxy, migrate } = compose.services;

describe('docker-compose.yml: several API nodes behind a proxy', () => {
  it('gives the api service no host port (replicas), only the proxy publishes one, on this host', () => {
    expect(api.ports).toBeUndefined();
    expect(api.expose).toEqual(['3000']);
    expect(proxy.ports).toEqual(['127.0.0.1:3000:80']);
    for (const [name, service] of Object.entries(compose.services)) if (name !== 'proxy') expect([name, service.ports]).toEqual([name, undefined]);
  });

  it('routes through Traefik to every ready replica, with WebSocket and a sticky cookie', () => {
    expect(proxy.image).toMatch(/^traefik:v3/);
    expect(proxy.command).toEqual(expect.arrayContaining(['--providers.docker=true', '--providers.docker.exposedbydefault=false', '--entrypoints.web.address=:80']));
    expect(proxy.volumes).toEqual(['/var/run/docker.sock:/var/run/docker.sock:ro']);
    const labels = api.labels ?? {};
    expect(labels['traefik.enable']).toBe('true');
    const service = labels['traefik.http.routers.hotline.service'];
    expect(labels['traefik.http.routers.hotline.entrypoints']).toBe('web');
    const lb = `traefik.http.services.${service}.loadbalancer`;
    expect(labels[`${lb}.server.port`]).toBe('3000');
    expect(labels[`${lb}.healthcheck.path`]).toBe('/api/health/ready');
    expect(labels[`${lb}.healthcheck.interval`]).toMatch(/^\d+s$/);
    expect(labels[`${lb}.sticky.cookie`]).toBe('true');
    expect(labels[`${lb}.sticky.cookie.httponly`]).toBe('true');
    // A rule that matches the console, the API and /socket.io (Traefik passes WebSocket upgrades by itself).
    expect(labels['traefik.http.routers.hotline.rule']).toBe('PathPrefix(`/`)');
  });

  it('migrates once before the replicas start, which then only run the API', () => {
    expect(migrate.command).toEqual(['npm', 'run', 'db:migrate']);
    expect(migrate.image).toBe(api.image);
    expect(api.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(api.command).toEqual(['node', 'apps/api/dist/main.js']);
    // Each replica keeps its own consumer name (the default, per container): none is fixed here.
    expect(api.environment?.HOTLINE_CONSUMER).toBeUndefined();
  });

  it('keeps the image runnable alone: it builds the API and its command migrates and starts it', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
    expect(dockerfile).toMatch(/^CMD \["sh", "-c", "npm run db:migrate && exec node apps\/api\/dist\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
