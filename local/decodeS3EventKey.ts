/** The inverse of `encodeS3EventKey`, as a handler reading an S3 notification must decode. */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
