import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { SessionService } from './auth/session.js';
import { SessionIoAdapter } from './auth/socket-adapter.js';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { ProcessLifecycle } from './common/shutdown-signals.js';
import { loadConfig } from './config/config.js';
import { waitForDependencies } from './health/dependencies.js';

/**
 * Start-up: signals are honoured from the first line (ProcessLifecycle), Postgres and Redis must answer within
 * HOTLINE_STARTUP_TIMEOUT_SECONDS before anything else connects (else exit 1 naming the one that did not), then the
 * Nest application starts and a signal stops it gracefully (feed batch in flight finished, then the database).
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const lifecycle = new ProcessLifecycle(config.HOTLINE_SHUTDOWN_TIMEOUT_SECONDS * 1000).listen();
  await waitForDependencies(config);
  // `bodyParser: false`: no form (urlencoded) parser; the one parser of the API is JSON's, below.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, rawBody: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new DomainErrorFilter());
  // The API's bodies are JSON, except the file uploads whose contract names their `bodyContentType` (their modules
  // read the bytes with their own parser); a body of another type is refused with 415 by the guard (assertBodyType).
  // What-if bodies may carry a whole forecast (a month of half hours): more than the default 100 kB. `rawBody` keeps
  // the bytes of JSON bodies too (req.rawBody): the platform push's HMAC is over the body exactly as sent.
  app.useBodyParser('json', { limit: '10mb' });
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy the client's address and scheme come from X-Forwarded-* (one hop).
  if (config.HOTLINE_TLS) app.set('trust proxy', 1);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'upgrade-insecure-requests': config.HOTLINE_TLS ? [] : null, 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'] },
      },
      strictTransportSecurity: config.HOTLINE_TLS ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    }),
  );
  // Other origins only when configured (the console is served by the API itself: one origin, no CORS needed).
  if (config.HOTLINE_CORS_ORIGINS.length) app.enableCors({ origin: config.HOTLINE_CORS_ORIGINS, credentials: true });
  // Answers about calls, users and the trail are never kept by a browser or a proxy cache.
  app.use('/api', (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(app.get(SessionService).middleware);
  app.useWebSocketAdapter(new SessionIoAdapter(app, config));
  // The built console is served by the API itself: one origin, no CORS, one port to open.
  const consoleDir = config.HOTLINE_CONSOLE_DIR ?? join(import.meta.dirname, '..', '..', 'console', 'dist');
  if (existsSync(join(consoleDir, 'index.html'))) {
    app.useStaticAssets(consoleDir, { index: 'index.html' });
  }
  await app.listen(config.PORT, config.HOST);
  lifecycle.running(app);
  app.get(Logger).log(`HotlineOps API listening on http://${config.HOST}:${config.PORT} (console ${existsSync(join(consoleDir, 'index.html')) ? 'served' : 'not built'})`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`hotline api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
