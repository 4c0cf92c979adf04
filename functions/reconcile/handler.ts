import { createApiHandler } from '../middleware/createApiHandler.ts';

/** HTTP API for identities: recipients, links, reconcile. Placeholder until the routes land. */
export const handler = createApiHandler([]);
