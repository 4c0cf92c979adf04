import { useState } from 'preact/hooks';
import type { HistoryPoint } from '../../../shared/lists/ListStore.ts';
import type { ListMeta } from '../../../shared/lists/types.ts';
import { api, seg } from '../api.ts';
import { Chart } from '../chart.tsx';
import { formatDate, Loading, Page, Table, useData } from '../ui.tsx';

interface Member {
  recipientId?: string;
  address?: string;
  channel?: string;
}

/** Every list: size, source and last change. */
export function Lists() {
  const { data, error } = useData(() => api<{ lists: ListMeta[] }>('GET', '/v1/lists'), []);
  return (
    <Page title="Lists">
      {data ? (
        <Table
          caption="Lists made by drops, the API and rules"
          head={['List', 'Name', 'Source', 'Size', 'Last change']}
          empty="No lists yet."
          rows={data.lists.map((l) => [
            <a href={`#/lists/${encodeURIComponent(l.listId)}`}>{l.listId}</a>,
            l.name,
            l.source,
            l.size.toLocaleString('en'),
            `${formatDate(l.updatedAt)} UTC`,
          ])}
        />
      ) : (
        <Loading error={error} />
      )}
    </Page>
  );
}

function History(props: { listId: string }) {
  const { data } = useData(
    () => api<{ points: HistoryPoint[] }>('GET', `/v1/lists/${seg(props.listId)}/history`),
    [props.listId],
  );
  if (!data?.points.length) return <p class="muted">No history yet: it grows with each committed change.</p>;
  const x = data.points.map((p) => Date.parse(p.at) / 1000);
  return (
    <Chart
      label={`Size and match rate of ${props.listId} over time`}
      x={x}
      series={[
        { label: 'size', color: '#1f5fa8' },
        { label: 'match rate %', color: '#2e7d32', percent: true },
      ]}
      y={[data.points.map((p) => p.size), data.points.map((p) => p.matchRate * 100)]}
    />
  );
}

/** One list: its figures, size and match rate over time, and its members a page at a time. */
export function ListDetail(props: { listId: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const { data: list, error } = useData(
    () => api<ListMeta>('GET', `/v1/lists/${seg(props.listId)}`),
    [props.listId],
  );
  const { data: page } = useData(
    () =>
      api<{ members: Member[]; cursor?: string }>(
        'GET',
        `/v1/lists/${seg(props.listId)}/members?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    [props.listId, cursor],
  );
  if (!list) return <Loading error={error} />;
  return (
    <Page title={list.listId}>
      <p>
        {list.name} · source {list.source} · {list.size.toLocaleString('en')} members · changed{' '}
        {formatDate(list.updatedAt)} UTC
      </p>
      <h2>Over time</h2>
      <History listId={list.listId} />
      <h2>Members</h2>
      {page ? (
        <>
          <Table
            caption="A page of members"
            head={['Recipient', 'Address', 'Channel']}
            empty="No members."
            rows={page.members.map((m) => [m.recipientId ?? '–', m.address ?? '–', m.channel ?? '–'])}
          />
          <div class="toolbar">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous
            </button>
            <button
              type="button"
              disabled={!page.cursor}
              onClick={() => page.cursor && setCursors((c) => [...c, page.cursor as string])}
            >
              Next
            </button>
          </div>
        </>
      ) : (
        <Loading />
      )}
    </Page>
  );
}
