import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { logger } from '../logging/index.ts';
import { buildControlFile } from './buildControlFile.ts';
import type { ExportFiles, ExportResult, LineSink, SinkOptions } from './ExportFiles.ts';
import { SplitFileWriter, type WrittenFile } from './SplitFileWriter.ts';

const copySource = (bucket: string, key: string) =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

const resultKey = (jobId: string) => `receipts/${jobId}.json`;

/** An export's files in the data bucket. */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  sink(options: SinkOptions): LineSink {
    return new SplitFileWriter({
      ...options,
      upload: (key, body) =>
        new Upload({ client: this.s3, params: { Bucket: this.bucket, Key: key, Body: body } }),
    });
  }

  async publish(files: readonly WrittenFile[], folder: string, infoName: string): Promise<string[]> {
    const keys: string[] = [];
    for (const file of files) {
      const key = `${folder}${file.name}`;
      await this.s3.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: key,
          CopySource: copySource(this.bucket, file.key),
        }),
      );
      keys.push(key);
    }
    const info = buildControlFile(
      files.map((f) => ({
        FileName: f.name,
        FileSequenceNumber: f.sequence,
        FileByteSize: f.byteSize,
        FileLineCount: f.lineCount,
        md5: f.md5,
      })),
    );
    const infoKey = `${folder}${infoName}`;
    await this.put(infoKey, `${JSON.stringify(info, null, 2)}\n`);
    return [...keys, infoKey];
  }

  async writeResult(jobId: string, result: ExportResult): Promise<void> {
    await this.put(resultKey(jobId), JSON.stringify({ jobId, ...result }));
  }

  async readResult(jobId: string): Promise<ExportResult> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: resultKey(jobId) }));
    return JSON.parse(await (out.Body?.transformToString() ?? '{}')) as ExportResult;
  }

  async removeStaging(prefix: string): Promise<void> {
    try {
      let token: string | undefined;
      do {
        const page = await this.s3.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key)
            await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }));
        }
        token = page.NextContinuationToken;
      } while (token);
    } catch (error) {
      logger.warn('could not remove an export staging prefix', { error });
    }
  }

  private async put(key: string, body: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }),
    );
  }
}
