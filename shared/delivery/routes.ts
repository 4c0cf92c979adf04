import * as z from 'zod';
import { declareRoute } from '../http/RouteDeclaration.ts';
import { destinationInputSchema, destinationNameParams, redeliveryRequestSchema } from './schemas.ts';

/** `PUT /v1/destinations/{name}`: secrets are write-only. */
export const putDestinationRoute = declareRoute({
  method: 'PUT',
  path: '/v1/destinations/{name}',
  scope: 'admin',
  summary: "Create or replace a destination: a partner's S3 location (role or access key) or SFTP server",
  params: destinationNameParams,
  body: destinationInputSchema,
});

export const listDestinationsRoute = declareRoute({
  method: 'GET',
  path: '/v1/destinations',
  scope: 'admin',
  summary: 'Every destination, secrets left out',
});

export const getDestinationRoute = declareRoute({
  method: 'GET',
  path: '/v1/destinations/{name}',
  scope: 'admin',
  summary: 'One destination, secrets left out',
  params: destinationNameParams,
});

/** `POST /v1/deliveries`: re-delivers a finished export, as job `deliver:<exportJobId>`. */
export const redeliverRoute = declareRoute({
  method: 'POST',
  path: '/v1/deliveries',
  scope: 'audiences:write',
  summary: "Deliver a finished export's files again (to its destination, or another); 202 with the job ID",
  body: redeliveryRequestSchema,
  response: z.object({ jobId: z.string() }),
  status: 202,
});
