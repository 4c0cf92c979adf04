export { type DeliveryCheckpoint, deliveryCheckpointSchema } from './DeliveryCheckpoint.ts';
export type { DeliveryPorts } from './DeliveryPorts.ts';
export type { OpenedDestination } from './Destination.ts';
export { DestinationRefusedError } from './DestinationRefusedError.ts';
export type { DestinationStore } from './DestinationStore.ts';
export { DynamoDestinationStore } from './DynamoDestinationStore.ts';
export { deliverAfterExport } from './deliverAfterExport.ts';
export {
  DELIVERY_LEASE_MS,
  type DeliveryOutcome,
  deliverExport,
  MAX_DELIVERY_ATTEMPTS,
} from './deliverExport.ts';
export { deliveryJobId } from './deliveryJobId.ts';
export { hostKeySha256 } from './hostKeySha256.ts';
export { openPartnerStorage } from './openPartnerStorage.ts';
export type { DeliveryFile, PartnerStorage } from './PartnerStorage.ts';
export type { PublishedExport, PublishedFile } from './PublishedExport.ts';
export { type DeliveryRequest, queueDelivery } from './queueDelivery.ts';
export { redeliverExport } from './redeliverExport.ts';
export { DELIVERY_SESSION_NAME, S3PartnerStorage } from './S3PartnerStorage.ts';
export { S3PublishedExport } from './S3PublishedExport.ts';
export { type SftpLogin, SftpPartnerStorage } from './SftpPartnerStorage.ts';
export { type DestinationRules, saveDestination } from './saveDestination.ts';
export {
  type Destination,
  type DestinationInput,
  type DestinationSecret,
  destinationInputSchema,
  destinationNameParams,
  destinationNameSchema,
  destinationSchema,
  hostKeySha256Schema,
  redeliveryRequestSchema,
} from './schemas.ts';
