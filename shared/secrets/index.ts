export { createSecretBox } from './createSecretBox.ts';
export { KmsSecretBox, type KmsSender } from './KmsSecretBox.ts';
export { LocalSecretBox } from './LocalSecretBox.ts';
export type { SecretBox } from './SecretBox.ts';
