import { describe, expect, it } from 'vitest';
import {
  DestinationRefusedError,
  deliverExport,
  MAX_DELIVERY_ATTEMPTS,
  queueDelivery,
} from '../../../shared/delivery/index.ts';
import { ConflictError } from '../../../shared/errors/index.ts';
import { md5, memoryPorts, publishedOf } from './memoryPorts.ts';

const EXPORT = 'export:partner-a:1795683600000';
const JOB = `deliver:${EXPORT}`;
const FILES: Array<[string, string]> = [
  ['ftp_dpm_1_1.sync.1', 'r-1\td_sid=7\n'],
  ['ftp_dpm_1_1.sync.2', 'r-2\td_sid=7\nr-3\td_sid=7\n'],
  ['ftp_dpm_1_1.info', '{"Files":[]}\n'],
];
const OUTPUT_KEYS = FILES.map(([name]) => `outbound/partner-a/date=2026-12-02/${name}`);

async function queued() {
  const env = memoryPorts(publishedOf(FILES));
  await queueDelivery(env.ports, {
    exportJobId: EXPORT,
    outputKeys: OUTPUT_KEYS,
    destination: 'partner',
    startedBy: 'alice',
  });
  return env;
}

describe('deliverExport', () => {
  it('sends the data files in order and the .info last, each once, when nothing fails', async () => {
    const { ports, jobs, storage, enqueued, receipts } = await queued();
    expect(enqueued).toEqual([JOB]);
    expect(await deliverExport(ports, JOB)).toBe('succeeded');
    expect(storage.puts).toEqual(FILES.map(([name]) => name));
    for (const [name, body] of FILES) expect(storage.files.get(name)?.toString()).toBe(body);
    const job = await jobs.get(JOB);
    expect(job?.status).toBe('succeeded');
    expect(job?.attempts).toBe(1);
    expect(job?.outputKeys).toEqual(FILES.map(([name]) => `mem://partner/${name}`));
    expect(job?.receipt.files).toEqual(FILES.map(([name]) => name));
    expect(job?.receipt.delivery).toEqual({
      destination: 'partner',
      kind: 'sftp',
      round: 1,
      delivered: FILES.map(([name, body]) => ({
        name,
        location: `mem://partner/${name}`,
        bytes: Buffer.byteLength(body),
        md5: md5(Buffer.from(body)),
        attempts: 1,
      })),
      bytes: 12 + 24 + 13,
      attempts: 3,
    });
    expect(receipts.get(JOB)).toEqual(job?.receipt);
    expect(await deliverExport(ports, JOB)).toBe('ignored');
    expect(storage.puts).toHaveLength(3);
  });

  it('retries a failed upload with backoff and counts the attempts when the second one succeeds', async () => {
    const { ports, jobs, storage } = await queued();
    storage.faults = (name, n) => (name === 'ftp_dpm_1_1.sync.2' && n === 1 ? 'fail' : undefined);
    expect(await deliverExport(ports, JOB)).toBe('succeeded');
    expect(storage.puts).toEqual([
      'ftp_dpm_1_1.sync.1',
      'ftp_dpm_1_1.sync.2',
      'ftp_dpm_1_1.sync.2',
      'ftp_dpm_1_1.info',
    ]);
    const receipt = (await jobs.get(JOB))?.receipt.delivery;
    expect(receipt?.delivered.map((f) => f.attempts)).toEqual([1, 2, 1]);
    expect(receipt?.attempts).toBe(4);
  });

  it('does not send a file again when its upload landed but the answer was lost', async () => {
    const { ports, storage } = await queued();
    storage.faults = (name, n) => (name === 'ftp_dpm_1_1.sync.1' && n === 1 ? 'land-then-fail' : undefined);
    expect(await deliverExport(ports, JOB)).toBe('succeeded');
    expect(storage.puts).toEqual(FILES.map(([name]) => name));
  });

  it('resumes after a dead attempt without losing or duplicating a file, when the file in flight had landed', async () => {
    const { ports, jobs, storage } = await queued();
    ports.retry = { ...ports.retry, maxAttempts: 1 };
    storage.faults = (name, n) => (name === 'ftp_dpm_1_1.sync.2' && n === 1 ? 'land-then-fail' : undefined);
    await expect(deliverExport(ports, JOB)).rejects.toThrow('connection lost after the upload');
    const stopped = await jobs.get(JOB);
    expect(stopped?.status).toBe('running');
    expect(stopped?.error?.message).toBe('ftp_dpm_1_1.sync.2: connection lost after the upload');
    expect(stopped?.checkpoint).toMatchObject({
      inFlight: { name: 'ftp_dpm_1_1.sync.2', attempts: 1 },
      delivered: [{ name: 'ftp_dpm_1_1.sync.1' }],
    });

    expect(await deliverExport(ports, JOB)).toBe('succeeded');
    expect(storage.puts).toEqual(FILES.map(([name]) => name));
    const job = await jobs.get(JOB);
    expect(job?.attempts).toBe(2);
    expect(job?.receipt.delivery?.delivered.map((f) => f.attempts)).toEqual([1, 1, 1]);
  });

  it('fails at once, sending nothing more, when the destination refuses us', async () => {
    const { ports, jobs, storage } = await queued();
    storage.put = async () => {
      throw new DestinationRefusedError(
        'destination: the SFTP host key is SHA256:x, not the configured hostKeySha256',
      );
    };
    expect(await deliverExport(ports, JOB)).toBe('failed');
    const job = await jobs.get(JOB);
    expect(job?.status).toBe('failed');
    expect(job?.error).toEqual({
      code: 'dependency_failed',
      message: 'destination: the SFTP host key is SHA256:x, not the configured hostKeySha256',
    });
  });

  it(`fails for good after ${MAX_DELIVERY_ATTEMPTS} attempts that each ran out of retries`, async () => {
    const { ports, jobs, storage } = await queued();
    storage.faults = () => 'fail';
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++) {
      await expect(deliverExport(ports, JOB)).rejects.toThrow('ftp_dpm_1_1.sync.1: connection reset');
    }
    expect(await deliverExport(ports, JOB)).toBe('failed');
    const job = await jobs.get(JOB);
    expect(job?.error?.message).toBe(
      `gave up after ${MAX_DELIVERY_ATTEMPTS} attempts; last failure: ftp_dpm_1_1.sync.1: connection reset`,
    );
    expect(storage.puts).toHaveLength(MAX_DELIVERY_ATTEMPTS * 3);
  });
});

describe('queueDelivery', () => {
  it('leaves a delivery alone when the export calls again, and starts round 2 when asked to deliver again', async () => {
    const { ports, jobs, storage, enqueued } = await queued();
    await queueDelivery(ports, {
      exportJobId: EXPORT,
      outputKeys: OUTPUT_KEYS,
      destination: 'partner',
      startedBy: 'x',
    });
    expect(enqueued).toEqual([JOB, JOB]);
    expect((await jobs.get(JOB))?.startedBy).toBe('alice');
    const again = {
      exportJobId: EXPORT,
      outputKeys: OUTPUT_KEYS,
      destination: 'partner',
      startedBy: 'bob',
      again: true,
    };
    await expect(queueDelivery(ports, again)).rejects.toBeInstanceOf(ConflictError);

    expect(await deliverExport(ports, JOB)).toBe('succeeded');
    await queueDelivery(ports, { ...again, again: false });
    expect(enqueued).toHaveLength(2);
    await queueDelivery(ports, again);
    const requeued = await jobs.get(JOB);
    expect(requeued).toMatchObject({ status: 'queued', attempts: 0, startedBy: 'bob' });
    expect(requeued?.outputKeys).toBeUndefined();
    expect(await deliverExport(ports, JOB)).toBe('succeeded');
    expect(storage.puts).toEqual([...FILES, ...FILES].map(([name]) => name));
    expect((await jobs.get(JOB))?.receipt.delivery?.round).toBe(2);
  });

  it('refuses a destination that does not exist', async () => {
    const { ports } = memoryPorts(publishedOf(FILES));
    await expect(
      queueDelivery(ports, {
        exportJobId: EXPORT,
        outputKeys: OUTPUT_KEYS,
        destination: 'nope',
        startedBy: 'x',
      }),
    ).rejects.toThrow('destination: no destination nope');
  });
});
