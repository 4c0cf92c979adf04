import { redeliverExport, saveDestination } from '../../../shared/delivery/index.ts';
import {
  getDestinationRoute,
  listDestinationsRoute,
  putDestinationRoute,
  redeliverRoute,
} from '../../../shared/delivery/routes.ts';
import { NotFoundError } from '../../../shared/errors/index.ts';
import { deliveryPortsOf } from '../../deliveryPorts.ts';
import { serve } from '../../middleware/Route.ts';

/** `PUT|GET /v1/destinations/{name}`, `GET /v1/destinations` (secrets write-only), `POST /v1/deliveries`. */
export const destinationRoutes = [
  serve(putDestinationRoute, async ({ params, body, runtime }) => {
    const ports = deliveryPortsOf(runtime);
    return { status: 200, body: await saveDestination(ports.destinations, ports.rules, params.name, body) };
  }),
  serve(listDestinationsRoute, async ({ runtime }) => {
    return { status: 200, body: { destinations: await deliveryPortsOf(runtime).destinations.list() } };
  }),
  serve(getDestinationRoute, async ({ params, runtime }) => {
    const destination = await deliveryPortsOf(runtime).destinations.get(params.name);
    if (!destination) throw new NotFoundError('name: no such destination', { field: 'name' });
    return { status: 200, body: destination };
  }),
  serve(redeliverRoute, async ({ body, caller, runtime }) => {
    const { jobId } = await redeliverExport(deliveryPortsOf(runtime), body, caller.subject);
    return { status: 202, body: { jobId } };
  }),
];
