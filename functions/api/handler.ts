import { createApiHandler } from '../middleware/createApiHandler.ts';
import { apiRoutes } from './routes/index.ts';

/** HTTP API: lists, shared audiences, exports, jobs, data sources. */
export const handler = createApiHandler(apiRoutes);
