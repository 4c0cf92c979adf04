import type { Overview } from '../../../shared/jobs/overviewOf.ts';
import { api } from '../api.ts';
import { Chart } from '../chart.tsx';
import { Loading, Page, percent, Table, useData } from '../ui.tsx';

/** Drops per day by status, and rows and match rate per partner, over the last 30 days. */
export function OverviewPage() {
  const { data, error } = useData(() => api<Overview>('GET', '/v1/stats/overview?days=30'), []);
  if (!data) return <Loading error={error} />;
  const x = data.days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
  return (
    <Page title="Overview">
      <h2>Drops per day, last 30 days</h2>
      <Chart
        label="Drops per day by status"
        x={x}
        series={[
          { label: 'succeeded', color: '#2e7d32', bars: true },
          { label: 'failed', color: '#c62828', bars: true },
          { label: 'running', color: '#1f5fa8', bars: true },
        ]}
        y={[
          data.days.map((d) => d.succeeded),
          data.days.map((d) => d.failed),
          data.days.map((d) => d.running),
        ]}
      />
      <h2>Partners, last 30 days</h2>
      <Table
        caption="Rows and match rate per partner"
        head={['Partner', 'Drops', 'Rows', 'Match rate']}
        empty="No drops in the last 30 days."
        rows={data.partners.map((p) => [
          p.partner,
          p.drops.toLocaleString('en'),
          p.rows.toLocaleString('en'),
          percent(p.recordsProcessed - p.unmatchedIds, p.recordsProcessed),
        ])}
      />
    </Page>
  );
}
