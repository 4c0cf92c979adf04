import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DependencyError, NotFoundError } from '../errors/index.ts';
import { parseControlFile } from '../formats/parseControlFile.ts';
import { isMissingObject } from '../stores/index.ts';
import type { PublishedExport, PublishedFile } from './PublishedExport.ts';

const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/**
 * The published files of an export in our bucket. The `.info` control file the export wrote
 * last already holds each data file's size and MD5, so nothing is read twice to learn them.
 *
 * @example
 * const files = await new S3PublishedExport(s3, 'audience-bridge').files(job.outputKeys ?? []);
 */
export class S3PublishedExport implements PublishedExport {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async files(outputKeys: readonly string[]): Promise<PublishedFile[]> {
    const infoKey = outputKeys.find((key) => key.endsWith('.info'));
    if (!infoKey) throw new DependencyError('export: its output has no .info control file');
    const infoBytes = Buffer.from(await (await this.open(infoKey)).toArray().then((c) => Buffer.concat(c)));
    const control = parseControlFile(infoBytes);
    if ('error' in control) throw new DependencyError(`${infoKey}: ${control.error}`);
    const byName = new Map(control.Files.map((f) => [f.FileName, f]));
    const data = outputKeys
      .filter((key) => key !== infoKey)
      .map((key) => {
        const entry = byName.get(baseName(key));
        if (!entry) throw new DependencyError(`${infoKey}: does not list ${baseName(key)}`);
        return { key, name: entry.FileName, bytes: entry.FileByteSize, md5: entry.md5 };
      });
    const info = {
      key: infoKey,
      name: baseName(infoKey),
      bytes: infoBytes.length,
      md5: createHash('md5').update(infoBytes).digest('hex'),
    };
    return [...data, info];
  }

  async open(key: string): Promise<Readable> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body as Readable;
    } catch (error) {
      if (isMissingObject(error)) {
        throw new NotFoundError(`${key}: no longer in the bucket`, { field: 'exportJobId' });
      }
      throw error;
    }
  }
}
