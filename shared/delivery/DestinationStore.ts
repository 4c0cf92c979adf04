import type { OpenedDestination } from './Destination.ts';
import type { Destination, DestinationInput } from './schemas.ts';

/** Where partners' storage is configured; secrets are sealed at rest and never returned by reads. */
export interface DestinationStore {
  get(name: string): Promise<Destination | undefined>;
  list(): Promise<Destination[]>;
  /** Creates or replaces; a secret is sealed before it is stored. */
  put(name: string, input: DestinationInput): Promise<Destination>;
  /** The destination with its secret opened, for a delivery only. */
  open(name: string): Promise<OpenedDestination | undefined>;
}
