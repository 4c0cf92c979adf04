import { ExportNow } from './ExportNow.tsx';
import type { ResourceSpec } from './Resource.tsx';

const text = (key: string) => (item: Record<string, unknown>) => String(item[key] ?? '–');

export const dataSources: ResourceSpec = {
  title: 'Data sources',
  base: '/v1/data-sources',
  listKey: 'dataSources',
  scope: 'admin',
  columns: [
    ['Name', text('name')],
    ['Kind', text('kind')],
    ['DPID', text('dpid')],
    ['Encoding', text('encoding')],
    ['Channel', text('channel')],
    ['Key', (item) => (item.hasKey ? 'set' : '–')],
  ],
  fields: [
    { name: 'name', label: 'Name', hint: 'lowercase; also the namespace of its IDs' },
    { name: 'kind', label: 'Kind', options: ['visitor', 'declared'] },
    { name: 'dpid', label: 'DPID', kind: 'number' },
    { name: 'reconciliationKey', label: 'Reconciliation key', hint: 'email, phone, recipientId or a field' },
    { name: 'encoding', label: 'Encoding', options: ['plain', 'sha256', 'aes-cbc'] },
    { name: 'channel', label: 'Channel', options: ['email', 'sms', 'other'] },
    { name: 'forceReconciliation', label: 'Force reconciliation', kind: 'boolean' },
    { name: 'keyHex', label: 'AES key (hex)', kind: 'secret', path: 'aes.keyHex' },
    { name: 'ivHex', label: 'AES IV (hex)', kind: 'secret', path: 'aes.ivHex' },
  ],
  secretSet: (item) => item.hasKey === true,
};

export const sharedAudiences: ResourceSpec = {
  title: 'Shared audiences',
  base: '/v1/shared-audiences',
  listKey: 'sharedAudiences',
  scope: 'audiences:write',
  columns: [
    ['Name', text('name')],
    ['List', text('listId')],
    ['Data source', text('dataSource')],
    ['Format', text('format')],
    ['Mode', text('mode')],
    ['Schedule', text('schedule')],
  ],
  fields: [
    { name: 'name', label: 'Name' },
    { name: 'listId', label: 'List' },
    { name: 'dataSource', label: 'Data source' },
    { name: 'format', label: 'Format', options: ['aam-inbound', 'csv'] },
    { name: 'mode', label: 'Mode', options: ['incremental', 'full'] },
    { name: 'traitId', label: 'Trait ID', hint: 'required for aam-inbound' },
    { name: 'schedule', label: 'Schedule', options: ['manual', 'scheduled'] },
    { name: 'purpose', label: 'Consent purpose' },
    { name: 'excludedLabels', label: 'Excluded labels', kind: 'list', hint: 'comma-separated' },
    { name: 'destination', label: 'Destination' },
  ],
  rowActions: (item) => <ExportNow name={String(item.name)} />,
};

export const partners: ResourceSpec = {
  title: 'Partners',
  base: '/v1/partners',
  listKey: 'partners',
  scope: 'admin',
  columns: [
    ['Name', text('name')],
    ['Lists', (item) => (Array.isArray(item.lists) ? item.lists.join(', ') : '–')],
    ['Full replace', text('fullReplace')],
    ['Recipients', text('recipients')],
    ['AEP mode', text('aepMode')],
  ],
  fields: [
    { name: 'name', label: 'Name', hint: 'its drops live under inbound/<name>/' },
    { name: 'lists', label: 'Lists it may change', kind: 'list', hint: 'patterns: aam.*, <name>.*' },
    { name: 'dpids', label: 'DPIDs', kind: 'list' },
    { name: 'dataSources', label: 'Data sources', kind: 'list' },
    { name: 'fullReplace', label: 'Full files may replace lists', kind: 'boolean' },
    { name: 'recipients', label: 'May load recipients', kind: 'boolean' },
    { name: 'aepMode', label: 'AEP exports are', options: ['', 'full', 'incremental'] },
  ],
};
