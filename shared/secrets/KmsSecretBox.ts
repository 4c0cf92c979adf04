import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyError } from '../errors/index.ts';
import { gcmOpen, gcmSeal } from './gcm.ts';
import type { SecretBox } from './SecretBox.ts';

const PREFIX = 'kms1:';

/** The part of the KMS client this box uses (a real `KMSClient` fits; tests may pass a fake). */
export type KmsSender = Pick<KMSClient, 'send'>;

/**
 * Envelope encryption with KMS: each `seal` asks KMS for a fresh AES-256 data key
 * (GenerateDataKey), encrypts with it locally (AES-256-GCM) and stores the KMS-encrypted data key
 * beside the ciphertext; `open` asks KMS to decrypt the data key (cached per process).
 *
 * @example
 * const box = new KmsSecretBox(new KMSClient({}), 'alias/audience-bridge');
 */
export class KmsSecretBox implements SecretBox {
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(
    private readonly kms: KmsSender,
    private readonly keyId: string,
  ) {}

  async seal(plain: string): Promise<string> {
    const out = await this.kms.send(new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256' }));
    if (!out.Plaintext || !out.CiphertextBlob) throw new DependencyError('KMS returned no data key');
    const key = Buffer.from(out.Plaintext);
    const wrapped = Buffer.from(out.CiphertextBlob).toString('base64url');
    this.dataKeys.set(wrapped, key);
    return `${PREFIX}${wrapped}:${gcmSeal(key, plain)}`;
  }

  async open(sealed: string): Promise<string> {
    const [prefix, wrapped, body] = sealed.split(':');
    if (`${prefix}:` !== PREFIX || !wrapped || !body) {
      throw new DependencyError('sealed secret: not sealed by KMS');
    }
    let key = this.dataKeys.get(wrapped);
    if (!key) {
      const out = await this.kms.send(
        new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64url'), KeyId: this.keyId }),
      );
      if (!out.Plaintext) throw new DependencyError('KMS returned no plain data key');
      key = Buffer.from(out.Plaintext);
      this.dataKeys.set(wrapped, key);
    }
    return gcmOpen(key, body);
  }
}
