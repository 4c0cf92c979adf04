import { PassThrough, Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { neutraliseCell } from '../exports/neutraliseCell.ts';
import { PERSONAL_DATA_TAGGING } from '../stores/index.ts';
import type { RejectedFile, RejectedLines } from './RejectedLines.ts';

/**
 * A drop's rejected lines and unmatched IDs in the data bucket, each tagged as personal data
 * (the lifecycle rule on the tag expires it after 30 days, also under `receipts/`).
 */
export class S3RejectedLines implements RejectedLines {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  open(key: string): RejectedFile {
    return new RejectedUpload(this.s3, this.bucket, key);
  }

  async join(key: string, parts: readonly string[]): Promise<void> {
    if (parts.length === 0) return;
    const { s3, bucket } = this;
    // Streamed part after part: flat memory whatever the files' size.
    async function* bytes(): AsyncIterable<Uint8Array> {
      for (const part of parts) {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: part }));
        for await (const chunk of out.Body as Readable) yield chunk as Uint8Array;
      }
    }
    const body = Readable.from(bytes());
    const params = { Bucket: bucket, Key: key, Body: body, ContentType: 'text/tab-separated-values' };
    await new Upload({ client: s3, params }).done();
    for (const part of parts) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: part }));
  }
}

/**
 * Streams a drop's rejected lines (say to `rejected/<object key>.tsv`) with a
 * multipart upload: started on the first rejected line, flat memory (waits for `drain`). Raw content
 * is allowed there: the bucket is encrypted and the tagged file expires.
 */
class RejectedUpload implements RejectedFile {
  private body: PassThrough | undefined;
  private upload: Upload | undefined;
  private done: Promise<unknown> | undefined;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    readonly key: string,
  ) {}

  async write(line: number, reason: string, raw: string): Promise<void> {
    if (!this.body) {
      this.body = new PassThrough();
      this.upload = new Upload({
        client: this.s3,
        params: {
          Bucket: this.bucket,
          Key: this.key,
          Body: this.body,
          ContentType: 'text/tab-separated-values',
          // On the upload itself, not a later PutObjectTagging: no file exists untagged.
          Tagging: PERSONAL_DATA_TAGGING,
        },
      });
      this.done = this.upload.done();
      // Surfaces later in close(); avoid an unhandled rejection meanwhile.
      this.done.catch(() => undefined);
    }
    // One row per line, and no cell a spreadsheet would run as a formula (the file is opened to fix the drop).
    const clean = (text: string) => neutraliseCell(text).replace(/[\t\r\n]/g, ' ');
    const row = `${line}\t${clean(reason)}\t${clean(raw)}\n`;
    if (!this.body.write(row)) await new Promise((resolve) => this.body?.once('drain', resolve));
  }

  async close(): Promise<string | undefined> {
    if (!this.body) return undefined;
    this.body.end();
    await this.done;
    return this.key;
  }

  async abort(): Promise<void> {
    if (!this.upload) return;
    this.body?.end();
    await this.upload.abort().catch(() => undefined);
  }
}
