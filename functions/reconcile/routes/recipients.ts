import { NotFoundError } from '../../../shared/errors/index.ts';
import {
  deleteRecipientRoute,
  getRecipientRoute,
  putRecipientRoute,
} from '../../../shared/recipients/routes.ts';
import { serve } from '../../middleware/Route.ts';

/** `PUT|GET|DELETE /v1/recipients/{recipientId}`: profiles and the privacy delete. */
export const recipientRoutes = [
  serve(putRecipientRoute, async ({ params, body, runtime }) => {
    return { status: 200, body: await runtime.identity.recipients.put(params.recipientId, body) };
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
