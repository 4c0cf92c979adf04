import { NotFoundError } from '../../../shared/errors/index.ts';
import { defineRoute } from '../../../shared/http/index.ts';
import { partnerInputSchema, partnerNameParams } from '../../../shared/partners/index.ts';

/** `PUT|GET /v1/partners/{name}`, `GET /v1/partners`: what each partner's drops may do (admin-owned). */
export const partnerRoutes = [
  defineRoute({
    method: 'PUT',
    path: '/v1/partners/{name}',
    scope: 'admin',
    summary:
      'Create or replace a partner: the lists, DPIDs and data sources its drops under inbound/<name>/ may use',
    params: partnerNameParams,
    body: partnerInputSchema,
    async handle({ params, body, runtime }) {
      return { status: 200, body: await runtime.partners.put(params.name, body) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/partners',
    scope: 'admin',
    summary: 'Every partner',
    async handle({ runtime }) {
      return { status: 200, body: { partners: await runtime.partners.list() } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/partners/{name}',
    scope: 'admin',
    summary: 'One partner',
    params: partnerNameParams,
    async handle({ params, runtime }) {
      const partner = await runtime.partners.get(params.name);
      if (!partner) throw new NotFoundError('name: no such partner', { field: 'name' });
      return { status: 200, body: partner };
    },
  }),
];
