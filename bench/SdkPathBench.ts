import { exportPortsOf } from '../functions/exportPorts.ts';
import type { Runtime } from '../functions/runtime.ts';
import { createClients } from '../shared/aws/index.ts';
import type { DataSourceInput } from '../shared/datasources/index.ts';
import { runExport, startExport } from '../shared/exports/index.ts';
import type { Receipt } from '../shared/jobs/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../shared/partners/index.ts';
import { BENCH_TABLE, benchConfig, benchRuntime } from './benchRuntime.ts';
import { CommandLog } from './dynamo/CommandLog.ts';
import { DynamoServer, type ServerCounts } from './dynamo/DynamoServer.ts';
import type { BenchDrop } from './generate/index.ts';
import { prepareDrop, succeededJob } from './IngestBench.ts';
import { inProcessS3 } from './inProcessS3.ts';
import { cpuSplit } from './profile/cpuSplit.ts';

/**
 * DynamoDB on-demand prices used for `cost.usdPerMillionRows`: us-east-1, standard table class,
 * since the 2024-11-01 price cut: USD per million request units.
 */
export const ON_DEMAND_PRICES = { region: 'us-east-1', writeRequestUnit: 0.625, readRequestUnit: 0.125 };

/** One measured run on the SDK path and its floor. */
export interface SdkRun {
  label: string;
  file: string;
  rows: number;
  ms: number;
  rowsPerSec: number;
  /**
   * CPU µs per row: the client process's split by its profile between our code (`core`) and the
   * SDK (`sdk`, see `bench/profile/cpuSplit.ts`); `server` is the stand-in's own process.
   */
  cpuUsPerRow: { core: number; sdk: number; server: number };
  /** The same commands replayed with no ingest around them; `sdkUsPerRow` is its client CPU per row. */
  floor: { ms: number; rowsPerSec: number; sdkUsPerRow: number; concurrency: number; replayMisses: number };
  /** Floor time / run time: 1 means the run costs no more than sending its requests. */
  ratioToSdkFloor: number;
  requests: number;
  byCommand: Record<string, number>;
  readsPerRow: number;
  writesPerRow: number;
  readUnits: number;
  writeUnits: number;
  usdPerMillionRows: number;
  receipt: Pick<Receipt, 'linesRead' | 'membershipsAdded' | 'membershipsRemoved' | 'unmatchedIds'>;
}

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

/**
 * The real ingest and export, through the product's own DynamoDB clients (`createClients`: the
 * document client over `@aws-sdk/client-dynamodb`, the batch calls over `@aws-lite/client`; signing,
 * HTTP), against the bench's table served
 * over HTTP by a separate process (`bench/dynamo/dynamoHttpServer.ts`). Each run is followed by its
 * SDK floor: the same commands replayed by the same client at the run's peak concurrency, answered
 * from a recording, so the ratio of the two times is what the ingest adds to its requests. S3 stays
 * in-process (the drop is read from disk): one streamed object per drop, not per row.
 *
 * @example
 * const sdk = await SdkPathBench.start({ home, seed: 8, latencyMs: 0 });
 * await sdk.seed(50_000);
 * const iter = await sdk.ingest('iter', drop);
 */
export class SdkPathBench {
  private constructor(
    private readonly files: Record<string, string>,
    private readonly server: DynamoServer,
    private readonly log: CommandLog,
    readonly runtime: Runtime,
    private readonly home: string,
    private readonly seedValue: number,
  ) {}

  static async start(options: { home: string; seed: number; latencyMs: number }): Promise<SdkPathBench> {
    const server = await DynamoServer.start();
    await server.call({ op: 'latency', ms: options.latencyMs });
    const config = benchConfig(options.home, server.url);
    const { ddb } = createClients(config);
    const log = new CommandLog(ddb);
    const files: Record<string, string> = {};
    const { runtime } = benchRuntime({ ddb, s3: inProcessS3(files).client, home: options.home });
    return new SdkPathBench(files, server, log, runtime, options.home, options.seed);
  }

  /** The default partner, then identities for the first `rows` rows inside the server process (no SDK, not timed). */
  async seed(rows: number): Promise<number> {
    await this.runtime.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    return (await this.server.call({
      op: 'seed',
      table: BENCH_TABLE,
      home: this.home,
      seed: this.seedValue,
      rows,
    })) as number;
  }

  /** Forgets every list (members, metadata, leases), so the next drop meets empty lists. */
  async forgetLists(): Promise<void> {
    await this.server.call({ op: 'forget', prefixes: ['M#', 'LISTS', 'LEASE#list#'] });
  }

  /** Ingests `drop` through the SDK path, then measures its floor. */
  async ingest(label: string, drop: BenchDrop): Promise<SdkRun> {
    const prepared = await prepareDrop(this.runtime, this.files, drop);
    return this.measure(label, drop.key, prepared.run, async () => {
      const job = await succeededJob(this.runtime, prepared.jobId);
      return job.receipt;
    });
  }

  /** Exports list `listId` (AAM inbound, plain-email declared data source, full) through the SDK path. */
  async export(label: string, listId: string): Promise<SdkRun> {
    await this.runtime.identity.dataSources.put('bench-email', {
      kind: 'declared',
      dpid: 999_001,
      reconciliationKey: 'email',
      encoding: 'plain',
      channel: 'email',
    } as DataSourceInput);
    let jobId = '';
    return this.measure(
      label,
      listId,
      async () => {
        ({ jobId } = await startExport(
          exportPortsOf(this.runtime),
          {
            name: `bench-${label}`,
            definition: {
              listId,
              dataSource: 'bench-email',
              format: 'aam-inbound',
              mode: 'full',
              traitId: '777',
              schedule: 'manual',
              gzip: false,
            },
          },
          'bench',
        ));
        await runExport(exportPortsOf(this.runtime), jobId);
      },
      async () => {
        const job = await succeededJob(this.runtime, jobId);
        return { ...job.receipt, linesRead: job.receipt.recordsWritten ?? 0 };
      },
    );
  }

  private async measure(
    label: string,
    file: string,
    work: () => Promise<unknown>,
    receiptOf: () => Promise<Receipt>,
  ): Promise<SdkRun> {
    const { server, log } = this;
    await server.call({ op: 'reset' });
    await server.call({ op: 'record', on: true });
    const before = await server.counts();
    log.start();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { shares } = await cpuSplit(work);
    const ms = performance.now() - started;
    const clientCpu = cpuMicros(process.cpuUsage(cpu));
    log.stop();
    const after = await server.counts();
    const receipt = await receiptOf();

    await server.call({ op: 'replay', on: true });
    const floorCpu = process.cpuUsage();
    const floorStarted = performance.now();
    await log.replay();
    const floorMs = performance.now() - floorStarted;
    const sdkCpu = cpuMicros(process.cpuUsage(floorCpu));
    const replayed: ServerCounts = await server.counts();
    await server.call({ op: 'replay', on: false });

    const rows = receipt.linesRead;
    const { counts } = after;
    const usd =
      (counts.readUnits * ON_DEMAND_PRICES.readRequestUnit +
        counts.writeUnits * ON_DEMAND_PRICES.writeRequestUnit) /
      rows;
    return {
      label,
      file,
      rows,
      ms,
      rowsPerSec: rows / (ms / 1000),
      cpuUsPerRow: {
        core: (clientCpu * shares.core) / rows,
        sdk: (clientCpu * shares.sdk) / rows,
        server: (cpuMicros(after.cpu) - cpuMicros(before.cpu)) / rows,
      },
      floor: {
        ms: floorMs,
        rowsPerSec: rows / (floorMs / 1000),
        sdkUsPerRow: sdkCpu / rows,
        concurrency: log.peak,
        replayMisses: replayed.replayMisses,
      },
      ratioToSdkFloor: floorMs / ms,
      requests: counts.requests,
      byCommand: counts.byCommand,
      readsPerRow: counts.itemReads / rows,
      writesPerRow: counts.itemWrites / rows,
      readUnits: counts.readUnits,
      writeUnits: counts.writeUnits,
      usdPerMillionRows: usd,
      receipt: {
        linesRead: receipt.linesRead,
        membershipsAdded: receipt.membershipsAdded,
        membershipsRemoved: receipt.membershipsRemoved,
        unmatchedIds: receipt.unmatchedIds,
      },
    };
  }

  stop(): void {
    this.server.stop();
  }
}
