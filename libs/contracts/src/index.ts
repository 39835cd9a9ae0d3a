/**
 * The one typed contract of HotlineOps: the request and response of every endpoint, every socket event, the
 * permission matrix, and the OpenAPI document built from them. Imported by the API, the console and the CLI.
 * Pure TypeScript and zod: no framework, no I/O.
 */
export * from './permissions';
export * from './mask';
export * from './free-text';
export * from './common';
export * from './errors';
export * from './auth';
export * from './audit';
export * from './calls';
export * from './endpoint';
export * from './sockets';
export * from './registry';
export * from './openapi';
export * from './check';
export * from './query';
export * from './feed';
export * from './ledger';
export * from './ledger-changes';
export * from './live';
export * from './outages';
export * from './registers';
export * from './entry-window';
export * from './score';
export * from './planning';
export * from './roster';
export * from './call-import';
export * from './intake';
export { authRoutes, userRoutes } from './routes/auth';
export * from './business-types';
export { businessTypeRoutes } from './routes/business-types';
export { callRoutes } from './routes/calls';
export { callImportRoutes } from './routes/call-imports';
export { intakeRoutes } from './routes/intake';
export { XLSX_CONTENT_TYPE, operationsRoutes, planningRoutes } from './routes/operations';
export { registerRoutes, qualityRoutes, documentRoutes } from './routes/registers';
export * from './requests';
export { requestRoutes } from './routes/requests';
export * from './hot-topics';
export { hotTopicRoutes } from './routes/hot-topics';
export * from './knowledge';
export { knowledgeRoutes } from './routes/knowledge';
export * from './wallboard';
export { wallboardRoutes } from './routes/wallboard';
export * from './attention';
export { floorRoutes } from './routes/floor';
export * from './forecast-days';
export * from './node-signals';
export { forecastDayRoutes } from './routes/forecast-days';
export * from './rollups';
export { rollupRoutes } from './routes/rollups';
