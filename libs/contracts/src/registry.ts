import type { EndpointDef } from './endpoint';
import { authRoutes, userRoutes } from './routes/auth';
import { businessTypeRoutes } from './routes/business-types';
import { callRoutes } from './routes/calls';
import { hotTopicRoutes } from './routes/hot-topics';
import { callImportRoutes } from './routes/call-imports';
import { floorRoutes } from './routes/floor';
import { intakeRoutes } from './routes/intake';
import { knowledgeRoutes } from './routes/knowledge';
import { operationsRoutes, planningRoutes } from './routes/operations';
import { documentRoutes, qualityRoutes, registerRoutes } from './routes/registers';
import { requestRoutes } from './routes/requests';
import { wallboardRoutes } from './routes/wallboard';
import { forecastDayRoutes } from './routes/forecast-days';
import { rollupRoutes } from './routes/rollups';

/** Every endpoint of the API by name: `API.kpi`, `API.login`... */
export const API = { ...authRoutes, ...userRoutes, ...callRoutes, ...operationsRoutes, ...planningRoutes, ...registerRoutes, ...qualityRoutes, ...documentRoutes, ...intakeRoutes, ...callImportRoutes, ...businessTypeRoutes, ...knowledgeRoutes, ...hotTopicRoutes, ...requestRoutes, ...floorRoutes, ...wallboardRoutes, ...forecastDayRoutes, ...rollupRoutes } as const;

/** Every endpoint, as a list (for the OpenAPI document and the route walk). */
export const ENDPOINTS: readonly EndpointDef[] = Object.values(API);
