// Prints the routes the Nest router of the built API holds, as JSON [{ method, path }], without listening.
// With --with-undeclared it adds a controller whose route declares no permission and prints the start-up error.
// Used by test/access.e2e-spec.ts (the route walk): the router, not the contract, is the list of what is reachable.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const { AppModule } = await import('../../apps/api/dist/app.module.js');
const { loadConfig } = await import('../../apps/api/dist/config/config.js');
const config = loadConfig();
const imports = [AppModule.forRoot(config)];
if (process.argv.includes('--with-undeclared')) {
  class Rogue {
    rogue() {
      return 'no permission declared';
    }
  }
  Controller()(Rogue);
  Get('/api/rogue')(Rogue.prototype, 'rogue', Object.getOwnPropertyDescriptor(Rogue.prototype, 'rogue'));
  class RogueModule {}
  Module({ controllers: [Rogue] })(RogueModule);
  imports.push(RogueModule);
}
class Root {}
Module({ imports })(Root);
let app;
try {
  app = await NestFactory.create(Root, { logger: false, abortOnError: false });
  await app.init();
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error?.message ?? error) }));
  process.exit(0);
}
const router = app.getHttpAdapter().getInstance().router;
const routes = [];
for (const layer of router.stack) {
  if (!layer.route) continue;
  // Nest names a route's handler `Controller.method`; route-bound middleware (nestjs-pino's request logger on
  // `{/*splat}`, the workbook upload's raw body parser) are not handlers.
  if (!layer.route.stack.some((l) => /^\w+\.\w+$/.test(l.handle.name))) continue;
  for (const method of Object.keys(layer.route.methods)) routes.push({ method: method.toUpperCase(), path: layer.route.path });
}
process.stdout.write(JSON.stringify({ routes }));
await app.close();
process.exit(0);
