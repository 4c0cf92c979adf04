export type { ObjectLinks, UploadPlan } from './ObjectLinks.ts';
export { S3ObjectLinks, SINGLE_UPLOAD_BYTES } from './S3ObjectLinks.ts';
