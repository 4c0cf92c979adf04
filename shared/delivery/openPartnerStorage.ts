import { DependencyError } from '../errors/index.ts';
import type { OpenedDestination } from './Destination.ts';
import type { PartnerStorage } from './PartnerStorage.ts';
import { S3PartnerStorage } from './S3PartnerStorage.ts';
import { SftpPartnerStorage } from './SftpPartnerStorage.ts';

/**
 * The storage a destination names, connected with its opened secret: the partner's S3 location
 * (through its role or access key) or its SFTP folder.
 *
 * @example
 * const storage = openPartnerStorage(await destinations.open('partner-a'), { region: 'eu-west-1' });
 */
export function openPartnerStorage(
  destination: OpenedDestination,
  options: { region: string },
): PartnerStorage {
  if (destination.kind === 's3') return S3PartnerStorage.connect(destination, options);
  const secret = destination.secret;
  if (!secret || !('privateKeyPem' in secret))
    throw new DependencyError('destination: no private key stored');
  return new SftpPartnerStorage({
    host: destination.host,
    port: destination.port,
    user: destination.user,
    path: destination.path,
    hostKeySha256: destination.hostKeySha256,
    privateKeyPem: secret.privateKeyPem,
  });
}
