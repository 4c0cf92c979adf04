import { createApiHandler } from '../middleware/createApiHandler.ts';
import { identityRoutes } from './routes/index.ts';

/** HTTP API for identities: recipients, links, reconcile. */
export const handler = createApiHandler(identityRoutes);
