import { NoSuchKey, NotFound } from '@aws-sdk/client-s3';

/** S3 answers a missing object with `NoSuchKey` to a GET and, having no body to name it, `NotFound` to a HEAD. */
export const isMissingObject = (error: unknown): boolean =>
  error instanceof NoSuchKey || error instanceof NotFound;
