import { NotFoundError } from '../../../shared/errors/index.ts';
import { getPartnerRoute, listPartnersRoute, putPartnerRoute } from '../../../shared/partners/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** `PUT|GET /v1/partners/{name}`, `GET /v1/partners`: what each partner's drops may do (admin-owned). */
export const partnerRoutes = [
  serve(putPartnerRoute, async ({ params, body, runtime }) => {
    return { status: 200, body: await runtime.partners.put(params.name, body) };
  }),
  serve(listPartnersRoute, async ({ runtime }) => {
    return { status: 200, body: { partners: await runtime.partners.list() } };
  }),
  serve(getPartnerRoute, async ({ params, runtime }) => {
    const partner = await runtime.partners.get(params.name);
    if (!partner) throw new NotFoundError('name: no such partner', { field: 'name' });
    return { status: 200, body: partner };
  }),
];
