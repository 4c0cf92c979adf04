import { createKmsClient } from '../aws/index.ts';
import type { Config } from '../config/index.ts';
import { KmsSecretBox } from './KmsSecretBox.ts';
import { LocalSecretBox } from './LocalSecretBox.ts';
import type { SecretBox } from './SecretBox.ts';

/** KMS envelope encryption when `config.kmsKeyId` is set (AWS), else the local key under `AB_HOME`. */
export function createSecretBox(config: Config): SecretBox {
  return config.kmsKeyId
    ? new KmsSecretBox(createKmsClient(config), config.kmsKeyId)
    : new LocalSecretBox(config.home);
}
