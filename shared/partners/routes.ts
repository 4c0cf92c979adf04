import { declareRoute } from '../http/RouteDeclaration.ts';
import { partnerInputSchema, partnerNameParams } from './schemas.ts';

/** `PUT /v1/partners/{name}`: what the drops under `inbound/<name>/` may do (admin-owned). */
export const putPartnerRoute = declareRoute({
  method: 'PUT',
  path: '/v1/partners/{name}',
  scope: 'admin',
  summary:
    'Create or replace a partner: the lists, DPIDs and data sources its drops under inbound/<name>/ may use',
  params: partnerNameParams,
  body: partnerInputSchema,
});

export const listPartnersRoute = declareRoute({
  method: 'GET',
  path: '/v1/partners',
  scope: 'admin',
  summary: 'Every partner',
});

export const getPartnerRoute = declareRoute({
  method: 'GET',
  path: '/v1/partners/{name}',
  scope: 'admin',
  summary: 'One partner',
  params: partnerNameParams,
});
