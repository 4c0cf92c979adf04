export type { ObjectLinks, UploadPlan } from './ObjectLinks.ts';
export { S3ObjectLinks, UPLOAD_SIZES, type UploadSizes } from './S3ObjectLinks.ts';
