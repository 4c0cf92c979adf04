/**
 * Encodes an object key the way S3 does in event notifications: form-URL encoding, spaces as `+`,
 * `/` kept. (`a b+c.csv` → `a+b%2Bc.csv`.)
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/gi, '/');
}
