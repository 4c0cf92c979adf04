/** A presigned upload: one PUT, or the parts of a multipart upload and the link that completes it. */
export type UploadPlan =
  | { key: string; url: string; expiresAt: string }
  | {
      key: string;
      partSize: number;
      parts: Array<{ partNumber: number; url: string }>;
      completeUrl: string;
      expiresAt: string;
    };

/**
 * Short-lived links to the bucket's objects, for a browser that holds no AWS credentials: the
 * console's downloads (rejected lines, unmatched IDs, exported files) and its drops.
 */
export interface ObjectLinks {
  /** Size in bytes, or undefined when there is no such object. */
  sizeOf(key: string): Promise<number | undefined>;
  /** The object's text (a small one: a receipt, an `.info`). */
  readText(key: string): Promise<string>;
  downloadUrl(key: string, seconds: number): Promise<string>;
  /** One PUT up to the single-upload limit, multipart past it; every link valid for `seconds`. */
  uploadPlan(key: string, size: number, seconds: number): Promise<UploadPlan>;
}
