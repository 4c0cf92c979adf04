import { Command } from 'commander';
import type { ListMeta } from '../../shared/lists/types.ts';
import { type ApiAccessOptions, ApiClient } from '../apiClient.ts';
import { formatTable } from '../formatTable.ts';
import { type CliIo, stdio } from '../io.ts';

/**
 * `audience-bridge lists`: every list with its source, segment, size and last update.
 *
 * @example
 * await runLists({}, stdio());
 */
export async function runLists(options: ApiAccessOptions, io: CliIo): Promise<void> {
  const api = await ApiClient.connect(options, io.env);
  const answer = await api.get<{ lists: ListMeta[] } | ListMeta[]>('/v1/lists');
  const lists = Array.isArray(answer) ? answer : (answer?.lists ?? []);
  if (lists.length === 0) {
    io.out('no lists');
    return;
  }
  const rows = [...lists]
    .sort((a, b) => a.listId.localeCompare(b.listId))
    .map((l) => [l.listId, l.name, l.source, l.segmentId ?? '-', String(l.size), l.updatedAt]);
  for (const line of formatTable([['LIST', 'NAME', 'SOURCE', 'SEGMENT', 'SIZE', 'UPDATED'], ...rows], [4]))
    io.out(line);
}

/** `audience-bridge lists [--api URL --token T]`. */
export const listsCommand = new Command('lists')
  .description('every list with its size (local stack by default)')
  .option('--api <url>', 'API base URL (default: the local stack on AB_PORT)')
  .option('--token <token>', 'bearer token (default: minted with the local signing key)')
  .action(async (options: ApiAccessOptions) => {
    await runLists(options, stdio());
  });
