export { type AwsClients, createClients } from './createClients.ts';
