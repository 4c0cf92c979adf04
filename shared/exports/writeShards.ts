import pLimit from 'p-limit';
import { chunked } from '../async/index.ts';
import { DependencyError } from '../errors/index.ts';
import type { ExportSources } from './ExportSources.ts';
import type { ExportWriter } from './ExportWriter.ts';
import type { WrittenFile } from './SplitFileWriter.ts';

const SHARD_CONCURRENCY = 4;
/** Members per recipient read (BatchGetItem takes 100 keys). */
const RECIPIENT_BATCH = 100;

/**
 * Streams every shard of the list through the writer (four shards at a time), sweeping each
 * shard's snapshot after its members, and renews the export's lease between shards. On any
 * failure the staged files are dropped and the error goes up (the job is retried).
 */
export async function writeShards(
  lists: ExportSources['lists'],
  listId: string,
  writer: ExportWriter,
  renew: () => Promise<boolean>,
): Promise<{ files: WrittenFile[]; withoutId: WrittenFile[] }> {
  const limit = pLimit(SHARD_CONCURRENCY);
  const shards = Array.from({ length: lists.shardCount }, (_, shard) => shard);
  try {
    await Promise.all(
      shards.map((shard) =>
        limit(async () => {
          for await (const batch of lists.scanShard(listId, shard)) {
            for (const members of chunked(batch, RECIPIENT_BATCH)) await writer.writeBatch(shard, members);
          }
          await writer.sweep(shard);
          if (!(await renew()))
            throw new DependencyError('the export lease was lost; the job will be retried');
        }),
      ),
    );
    return await writer.close();
  } catch (error) {
    limit.clearQueue();
    await writer.abort();
    throw error;
  }
}
