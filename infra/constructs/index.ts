export { AbFunction, type AbFunctionProps, PROJECT_ROOT } from './AbFunction.ts';
export { type AddedRoute, type AddRoutesOptions, addRoutes, type RouteShape } from './addRoutes.ts';
export { type BucketAccess, bindBucket } from './bindBucket.ts';
export { bindKey } from './bindKey.ts';
export { bindQueue } from './bindQueue.ts';
export { bindTable } from './bindTable.ts';
export { consumeQueue } from './consumeQueue.ts';
export { WorkQueue, type WorkQueueProps } from './WorkQueue.ts';
