export { type RecordedCall, recordCalls, recordCallsAs } from './callRecorder.ts';
export { type AwsClients, createClients, createKmsClient, createSqsClient } from './createClients.ts';
