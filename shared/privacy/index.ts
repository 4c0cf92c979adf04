export type { ErasureFiles, ErasurePorts } from './ErasurePorts.ts';
export type { ErasureRecord } from './ErasureRecord.ts';
export { eraseIdentity } from './eraseIdentity.ts';
export { S3ErasureFiles } from './S3ErasureFiles.ts';
