import type { Destination, DestinationSecret } from './schemas.ts';

/** A destination with its secret opened: what a delivery connects with. Never logged or stored. */
export type OpenedDestination = Destination & { secret?: DestinationSecret };
