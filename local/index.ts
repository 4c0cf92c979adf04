export { type CompiledRoute, compileRoutes } from './compileRoutes.ts';
export { decodeS3EventKey } from './decodeS3EventKey.ts';
export { type RunningDynamo, type RunningS3, type S3rverEvent, startDynamo, startS3 } from './emulators.ts';
export { encodeS3EventKey } from './encodeS3EventKey.ts';
export { jobIdsOfMessage, type MessageJob } from './jobIdsOfMessage.ts';
export {
  type Delivery,
  LocalJobDispatcher,
  type LocalJobDispatcherOptions,
  type SqsWorker,
  type WorkerName,
} from './LocalJobDispatcher.ts';
export { lambdaContext } from './lambdaContext.ts';
export { localStackOptionsFromEnv } from './localStackOptionsFromEnv.ts';
export { matchRoute, type RouteMatch } from './matchRoute.ts';
export { parseSchedule } from './parseSchedule.ts';
export { readyLine } from './readyLine.ts';
export {
  type HttpFunction,
  type HttpServerOptions,
  type RunningHttpServer,
  startHttpServer,
} from './startHttpServer.ts';
export { type LocalStack, type LocalStackOptions, startLocalStack } from './startLocalStack.ts';
export { type HttpApiEventInput, toHttpApiEvent } from './toHttpApiEvent.ts';
export { INBOUND_PREFIX, toS3Notification } from './toS3Notification.ts';
