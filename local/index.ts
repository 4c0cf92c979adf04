export { type RunningDynamo, type RunningS3, type S3rverEvent, startDynamo, startS3 } from './emulators.ts';
export { jobIdsOfMessage, type MessageJob } from './jobIdsOfMessage.ts';
export {
  type Delivery,
  LocalJobDispatcher,
  type LocalJobDispatcherOptions,
  type SqsWorker,
  type WorkerName,
} from './LocalJobDispatcher.ts';
export { lambdaContext } from './lambdaContext.ts';
export { type CompiledRoute, compileRoutes, matchRoute, type RouteMatch } from './matchRoute.ts';
export { parseSchedule } from './parseSchedule.ts';
export { readyLine } from './readyLine.ts';
export { decodeS3EventKey, encodeS3EventKey, INBOUND_PREFIX, toS3Notification } from './s3Notification.ts';
export {
  type HttpFunction,
  type HttpServerOptions,
  type RunningHttpServer,
  startHttpServer,
} from './startHttpServer.ts';
export {
  type LocalStack,
  type LocalStackOptions,
  localStackOptionsFromEnv,
  startLocalStack,
} from './startLocalStack.ts';
export { type HttpApiEventInput, toHttpApiEvent } from './toHttpApiEvent.ts';
