export { type RecordedCall, recordCalls, recordCallsAs } from './callRecorder.ts';
export {
  type AwsClients,
  createClients,
  createKmsClient,
  createLinksClient,
  createSqsClient,
} from './createClients.ts';
