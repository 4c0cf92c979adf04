export { DropRefusedError } from './DropRefusedError.ts';
export { DropRights } from './DropRights.ts';
export { DynamoPartnerStore } from './DynamoPartnerStore.ts';
export type { PartnerStore } from './PartnerStore.ts';
export { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS, partnerOfDrop } from './partnerOfDrop.ts';
export {
  listPatternSchema,
  type Partner,
  type PartnerInput,
  partnerInputSchema,
  partnerNameParams,
  partnerNameSchema,
} from './schemas.ts';
export { withAepMode } from './withAepMode.ts';
