import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DependencyError } from '../errors/index.ts';
import { gcmOpen, gcmSeal } from './gcm.ts';
import { SECRET_CONTEXT_KEY, type SecretBox, type SecretOwner } from './SecretBox.ts';

/** `kms2:` values are bound to their owner (encryption context); `kms1:` ones, sealed before, are not. */
const PREFIX = 'kms2:';
const LEGACY = 'kms1:';

/** The part of the KMS client this box uses (a real `KMSClient` fits; tests may pass a fake). */
export type KmsSender = Pick<KMSClient, 'send'>;

/**
 * Envelope encryption with KMS: each `seal` asks KMS for a fresh AES-256 data key
 * (GenerateDataKey), encrypts with it locally (AES-256-GCM) and stores the KMS-encrypted data key
 * beside the ciphertext; `open` asks KMS to decrypt the data key (cached per process). The data
 * key is bound to the secret's owner by the encryption context `audience-bridge:secret`, which
 * KMS checks on Decrypt (and the role's grant requires), and the GCM additional data.
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

  async seal(plain: string, owner: SecretOwner): Promise<string> {
    const out = await this.kms.send(
      new GenerateDataKeyCommand({
        KeyId: this.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: { [SECRET_CONTEXT_KEY]: owner },
      }),
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new DependencyError('KMS returned no data key');
    const key = Buffer.from(out.Plaintext);
    const wrapped = Buffer.from(out.CiphertextBlob).toString('base64url');
    this.dataKeys.set(`${owner} ${wrapped}`, key);
    return `${PREFIX}${wrapped}:${gcmSeal(key, plain, owner)}`;
  }

  async open(sealed: string, owner: SecretOwner): Promise<string> {
    const [prefix, wrapped, body] = sealed.split(':');
    const bound = `${prefix}:` === PREFIX;
    if ((!bound && `${prefix}:` !== LEGACY) || !wrapped || !body) {
      throw new DependencyError('sealed secret: not sealed by KMS');
    }
    // Cached per owner too: a data key unwrapped for one owner never opens another's value.
    const cacheKey = `${bound ? owner : ''} ${wrapped}`;
    let key = this.dataKeys.get(cacheKey);
    if (!key) {
      const out = await this.kms.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(wrapped, 'base64url'),
          KeyId: this.keyId,
          ...(bound ? { EncryptionContext: { [SECRET_CONTEXT_KEY]: owner } } : {}),
        }),
      );
      if (!out.Plaintext) throw new DependencyError('KMS returned no plain data key');
      key = Buffer.from(out.Plaintext);
      this.dataKeys.set(cacheKey, key);
    }
    return gcmOpen(key, body, bound ? owner : undefined);
  }
}
