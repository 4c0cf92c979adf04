import { NotFoundError } from '../../../shared/errors/index.ts';
import { checkDefinition } from '../../../shared/exports/index.ts';
import type { SharedAudience } from '../../../shared/sharedAudiences/index.ts';
import {
  getSharedAudienceRoute,
  listSharedAudiencesRoute,
  putSharedAudienceRoute,
} from '../../../shared/sharedAudiences/routes.ts';
import { deliveryPortsOf } from '../../deliveryPorts.ts';
import { exportSourcesOf } from '../../exportPorts.ts';
import { serve } from '../../middleware/Route.ts';

/** What the API shows of a shared audience: the definition plus the last published export. */
function view(audience: SharedAudience) {
  const { snapshot, ...rest } = audience;
  return { ...rest, lastExportJobId: snapshot.jobId ?? null };
}

export const sharedAudienceRoutes = [
  serve(putSharedAudienceRoute, async ({ params, body, runtime }) => {
    await checkDefinition(exportSourcesOf(runtime), body);
    if (body.destination && !(await deliveryPortsOf(runtime).destinations.get(body.destination))) {
      throw new NotFoundError('destination: no such destination', { field: 'destination' });
    }
    const saved = await runtime.sharedAudiences.put(params.name, body, runtime.now().toISOString());
    return { status: 200, body: view(saved) };
  }),
  serve(listSharedAudiencesRoute, async ({ runtime }) => {
    const all = await runtime.sharedAudiences.list();
    return { status: 200, body: { sharedAudiences: all.map(view) } };
  }),
  serve(getSharedAudienceRoute, async ({ params, runtime }) => {
    const audience = await runtime.sharedAudiences.get(params.name);
    if (!audience) throw new NotFoundError('name: no such shared audience', { field: 'name' });
    return { status: 200, body: view(audience) };
  }),
];
