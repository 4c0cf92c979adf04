import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { DependencyError } from '../errors/index.ts';
import { isMissingObject } from '../stores/index.ts';
import type { OpenedDestination } from './Destination.ts';
import { DestinationRefusedError } from './DestinationRefusedError.ts';
import { md5Of } from './md5Of.ts';
import type { DeliveryFile, PartnerStorage } from './PartnerStorage.ts';

/** A single PUT takes at most 5 GB; exports split their files far below that (`splitLines`). */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** Temporary credentials, in the shape SDK clients take from a provider. */
interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Session name the partner sees in its CloudTrail for every call we make with its role. */
export const DELIVERY_SESSION_NAME = 'audience-bridge-delivery';

/**
 * Credentials of a partner's role, assumed with the external ID it gave us (the confused-deputy
 * guard of its trust policy). The S3 client calls the provider again when they near expiry. A
 * refusal (`AccessDenied`: a trust policy without us, a wrong external ID) fails the delivery at
 * once, as no retry can fix it.
 *
 * @example
 * const s3 = new S3Client({ credentials: assumeRoleCredentials(sts, roleArn, externalId) });
 */
function assumeRoleCredentials(
  sts: Pick<STSClient, 'send'>,
  roleArn: string,
  externalId: string,
): () => Promise<RoleCredentials> {
  return async () => {
    let out: AssumeRoleCommandOutput;
    try {
      out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          ExternalId: externalId,
          RoleSessionName: DELIVERY_SESSION_NAME,
        }),
      );
    } catch (error) {
      // STS models no AccessDenied class: a service exception with that name is the refusal.
      if (error instanceof STSServiceException && error.name === 'AccessDenied') {
        throw new DestinationRefusedError(
          `destination: cannot assume ${roleArn} (AccessDenied): check the partner's trust policy and externalId`,
          { field: 'roleArn' },
        );
      }
      throw error;
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new DestinationRefusedError(`destination: STS returned no credentials for ${roleArn}`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
}

/** S3 answers no retry can change: the delivery fails at once, naming the answer. */
const REFUSALS = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'NoSuchBucket',
  'SignatureDoesNotMatch',
]);

function refusedOr(error: unknown, bucket: string): unknown {
  if (error instanceof Error && REFUSALS.has(error.name)) {
    return new DestinationRefusedError(`destination: S3 refused access to bucket ${bucket} (${error.name})`, {
      field: 'bucket',
    });
  }
  return error;
}

/**
 * A partner's S3 location. A file is one PutObject with its Content-MD5 (S3 refuses bytes that do
 * not match it), so it appears whole or not at all. It is then verified by a HeadObject: the size,
 * and the ETag as the MD5 where S3 makes it one (a single PUT without SSE-KMS); otherwise (SSE-KMS
 * buckets) by reading the object back.
 *
 * @example
 * const storage = new S3PartnerStorage(s3, 'partner-bucket', 'inbound/');
 * await storage.put(file, () => openBody(file));
 */
export class S3PartnerStorage implements PartnerStorage {
  /**
   * The storage of an S3 destination, with a client that signs as the partner's role (AssumeRole
   * with its external ID; the client calls again as the credentials near expiry) or with its
   * access key. Checksums only when required: the Content-MD5 of each PUT is our integrity check,
   * and S3-compatible stores (the local emulator among them) refuse streamed trailing checksums.
   */
  static connect(
    destination: Extract<OpenedDestination, { kind: 's3' }>,
    options: { region: string; sts?: Pick<STSClient, 'send'> },
  ): S3PartnerStorage {
    const secret = destination.secret;
    let credentials: S3ClientConfig['credentials'];
    if (destination.roleArn && destination.externalId) {
      const sts = options.sts ?? new STSClient({ region: options.region });
      credentials = assumeRoleCredentials(sts, destination.roleArn, destination.externalId);
    } else if (secret && 'accessKeyId' in secret) {
      credentials = { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey };
    } else {
      throw new DependencyError('destination: neither a role nor an access key is stored');
    }
    const s3 = new S3Client({
      region: destination.region ?? options.region,
      credentials,
      maxAttempts: 3,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(destination.endpoint ? { endpoint: destination.endpoint, forcePathStyle: true } : {}),
    });
    return new S3PartnerStorage(s3, destination.bucket, destination.prefix);
  }

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  locationOf(name: string): string {
    return `s3://${this.bucket}/${this.prefix}${name}`;
  }

  async holds(file: DeliveryFile): Promise<boolean> {
    try {
      return await this.check(file);
    } catch (error) {
      throw refusedOr(error, this.bucket);
    }
  }

  private async check(file: DeliveryFile): Promise<boolean> {
    const Key = `${this.prefix}${file.name}`;
    let head: HeadObjectCommandOutput;
    try {
      head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw error;
    }
    if (head.ContentLength !== file.bytes) return false;
    const etag = (head.ETag ?? '').replaceAll('"', '');
    const etagIsMd5 = /^[0-9a-f]{32}$/.test(etag) && !head.ServerSideEncryption?.startsWith('aws:kms');
    if (etagIsMd5) return etag === file.md5;
    const got = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
    const read = await md5Of(got.Body as Readable);
    return read.bytes === file.bytes && read.md5 === file.md5;
  }

  async put(file: DeliveryFile, body: () => Promise<Readable>): Promise<void> {
    if (file.bytes > MAX_PUT_BYTES) {
      throw new DependencyError(`${file.name}: over 5 GB, split the export (splitLines)`);
    }
    await this.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${this.prefix}${file.name}`,
        Body: await body(),
        ContentLength: file.bytes,
        ContentMD5: Buffer.from(file.md5, 'hex').toString('base64'),
      }),
    );
    if (!(await this.holds(file))) {
      throw new DependencyError(`${file.name}: the uploaded object does not match its size and MD5`);
    }
  }

  private async send(command: PutObjectCommand): Promise<void> {
    try {
      await this.s3.send(command);
    } catch (error) {
      throw refusedOr(error, this.bucket);
    }
  }

  async close(): Promise<void> {
    this.s3.destroy();
  }
}
