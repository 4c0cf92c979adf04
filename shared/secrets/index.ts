export { KmsSecretBox, type KmsSender } from './KmsSecretBox.ts';
export { LocalSecretBox } from './LocalSecretBox.ts';
export { SECRET_CONTEXT_KEY, type SecretBox, type SecretOwner } from './SecretBox.ts';
