import { NotFoundError } from '../../../shared/errors/index.ts';
import {
  deleteRecipientRoute,
  getRecipientRoute,
  patchRecipientRoute,
  putRecipientRoute,
} from '../../../shared/recipients/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** `PUT|PATCH|GET|DELETE /v1/recipients/{recipientId}`: profiles and the privacy delete. */
export const recipientRoutes = [
  serve(putRecipientRoute, async ({ params, body, runtime }) => {
    const { recipient, changedFields } = await runtime.identity.recipients.put(params.recipientId, body);
    return { status: 200, body: recipient, changedFields };
  }),
  serve(patchRecipientRoute, async ({ params, body, runtime }) => {
    const { recipient, changedFields } = await runtime.identity.recipients.patch(params.recipientId, body);
    return { status: 200, body: recipient, changedFields };
  }),
  serve(getRecipientRoute, async ({ params, runtime }) => {
    const recipient = await runtime.identity.recipients.get(params.recipientId);
    if (!recipient) throw new NotFoundError('recipientId: no such recipient', { field: 'recipientId' });
    return { status: 200, body: recipient };
  }),
  serve(deleteRecipientRoute, async ({ params, runtime }) => {
    await runtime.identity.recipients.erase(params.recipientId);
    return { status: 204 };
  }),
];
