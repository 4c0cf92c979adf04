import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ingestPortsOf } from '../functions/ingestPorts.ts';
import { createClients } from '../shared/aws/index.ts';
import { ingestDrop } from '../shared/ingest/index.ts';
import { DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS } from '../shared/partners/index.ts';
import { BENCH_TABLE, benchConfig, benchRuntime } from './benchRuntime.ts';
import { DynamoServer } from './dynamo/DynamoServer.ts';
import { type BenchDrop, ensureDrop } from './generate/index.ts';
import { inProcessS3 } from './inProcessS3.ts';

/** One drop applied by `ranges` workers (run one after the other here: their CPU adds up). */
export interface ScaleOutRun {
  ranges: number;
  rows: number;
  /** Client CPU of every invocation (cut, ranges, finish): the workers' CPU in AWS. Mean of the runs. */
  cpuMs: number;
  /** `cpuMs` of each run, in the order they ran. */
  runsCpuMs: number[];
  rowsPerWorkerCpuSec: number;
  /** Client CPU of the invocation that cut the drop (the newline-counting pass). Mean of the runs. */
  cutCpuMs: number;
  /** Client CPU of the last range's invocation (its lines, then the finish: sums, count pass, commit). Mean. */
  lastCpuMs: number;
}

export interface ScaleOutResults {
  rows: number;
  bytes: number;
  one: ScaleOutRun;
  eight: ScaleOutRun;
  /** Rows per worker-CPU-second with 8 ranges / with 1, over all their runs (goal ≥ 0.9). */
  efficiency: number;
  /** The same drop gzipped (as AAM sends it): ranges of its decompressed bytes, each read from the start. */
  gzip: { bytes: number; one: ScaleOutRun; eight: ScaleOutRun; efficiency: number };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** A drop to apply: its file, its key, and its bytes once decompressed (what ranges cut). */
interface ScaleDrop {
  path: string;
  key: string;
  bytes: number;
}

/** The bench's gzip drop, and the same uncompressed once next to it. */
async function twinDrops(drop: BenchDrop): Promise<{ plain: ScaleDrop; gzip: ScaleDrop }> {
  const path = drop.path.replace(/\.gz$/, '');
  if (!existsSync(path)) await pipeline(createReadStream(drop.path), createGunzip(), createWriteStream(path));
  const plain = { path, key: drop.key.replace(/\.gz$/, ''), bytes: (await stat(path)).size };
  return { plain, gzip: { path: drop.path, key: drop.key, bytes: plain.bytes } };
}

/** Runs of one way, as one: CPU the mean of the runs, the rate over all their rows. */
function meanOf(runs: ScaleOutRun[]): ScaleOutRun {
  const mean = (pick: (run: ScaleOutRun) => number) =>
    runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  const [first] = runs;
  if (!first) throw new Error('no scale-out run');
  const cpu = mean((run) => run.cpuMs);
  return {
    ranges: first.ranges,
    rows: first.rows,
    cpuMs: cpu,
    runsCpuMs: runs.map((run) => run.cpuMs),
    rowsPerWorkerCpuSec: first.rows / (cpu / 1000),
    cutCpuMs: mean((run) => run.cutCpuMs),
    lastCpuMs: mean((run) => run.lastCpuMs),
  };
}

/**
 * Scale-out efficiency (issue 18): the same plain `iter` drop on empty lists through the SDK path
 * (product client, DynamoDB served by its own process), applied whole and cut into 8 ranges
 * (`AB_INGEST_RANGE_BYTES` = a eighth of the file), every queued message run in turn in this
 * process; then the same drop gzipped, whole and in 8 ranges of its decompressed bytes (each
 * range decompresses the drop from its start). Rows per second of client CPU (the workers' CPU:
 * the server's is DynamoDB's). Each way runs twice, in the order whole, ranges, ranges, whole: a
 * drift of the machine's load and garbage collected one run late fall on both ways alike (one run
 * of each gave 0.85 to 1.00 from run to run of one build), after a warm-up that includes the whole
 * drop once.
 */
export async function runScaleOut(options: {
  dataDir: string;
  home: string;
  seed: number;
  rows: number;
  log: (message: string) => void;
}): Promise<ScaleOutResults> {
  const { rows, seed, log } = options;
  const { plain, gzip } = await twinDrops(await ensureDrop(options.dataDir, 'aam-outbound', rows, seed));
  const warmUp = await twinDrops(await ensureDrop(options.dataDir, 'aam-outbound', 2_000, seed));
  const { bytes } = plain;
  const server = await DynamoServer.start();
  try {
    const config = benchConfig(options.home, server.url);
    const files: Record<string, string> = {};
    const { runtime, dispatcher } = benchRuntime({
      ddb: createClients(config).ddb,
      s3: inProcessS3(files).client,
      home: options.home,
    });
    await runtime.partners.putIfAbsent(DEFAULT_PARTNER, DEFAULT_PARTNER_RIGHTS);
    await server.call({ op: 'seed', table: BENCH_TABLE, home: options.home, seed, rows });
    const run = async (ranges: number, at: string, drop: ScaleDrop): Promise<ScaleOutRun> => {
      await server.call({ op: 'forget', prefixes: ['M#', 'LISTS', 'LEASE#list#'] });
      const key = drop.key.replace('1486140844000', at);
      files[key] = drop.path;
      const size = (await stat(drop.path)).size;
      const { config } = runtime;
      // Whole: past any drop (a gzip drop would otherwise have a cut pass find one range).
      const settings = {
        ...config,
        ingestRangeBytes: ranges === 1 ? config.maxDropBytes : Math.ceil(drop.bytes / ranges),
      };
      const ports = { ...ingestPortsOf(runtime), settings };
      const started = process.cpuUsage();
      await ingestDrop(ports, { kind: 'drop', key, etag: `bench-${at}`, size });
      const cutCpuMs = cpuMs(started);
      let last = process.cpuUsage();
      for (let next = dispatcher.ingest.shift(); next; next = dispatcher.ingest.shift()) {
        last = process.cpuUsage();
        await ingestDrop(ports, next);
      }
      const total = cpuMs(started);
      const job = await runtime.jobs.get(`ingest:${key}`);
      if (job?.status !== 'succeeded') throw new Error(`scale-out run (${ranges}) ended ${job?.status}`);
      const done = job.receipt.linesRead;
      const workers = job.ranges?.ranges.length ?? 1;
      return {
        ranges: workers,
        rows: done,
        cpuMs: total,
        runsCpuMs: [total],
        rowsPerWorkerCpuSec: done / (total / 1000),
        cutCpuMs: workers > 1 ? cutCpuMs : 0,
        lastCpuMs: workers > 1 ? cpuMs(last) : 0,
      };
    };
    log(
      `scale-out: ${rows} rows (${bytes} bytes) whole, in 8 ranges twice, whole, plain then gzip (SDK path)`,
    );
    // Warm-up: code and connections, both read paths (a first gzip range run in a cold process
    // cost ~1.5 s more worker CPU: 8,093 ms against ~6,000 once warm).
    await run(8, '1486140841000', warmUp.plain);
    await run(8, '1486140840998', warmUp.gzip);
    // And the whole drop once, unmeasured: without it the first full-size run was the slowest of
    // every sequence (0.81 here against 0.90-0.95 measured behind the small warm-up alone).
    await run(1, '1486140840999', plain);
    /** Whole, ranges, ranges, whole (times `at`…`at + 3`), each way's runs as one. */
    const compare = async (drop: ScaleDrop, at: number) => {
      const ones = [await run(1, String(at), drop)];
      const eights = [await run(8, String(at + 1), drop), await run(8, String(at + 2), drop)];
      ones.push(await run(1, String(at + 3), drop));
      const [one, eight] = [meanOf(ones), meanOf(eights)];
      return { one, eight, efficiency: eight.rowsPerWorkerCpuSec / one.rowsPerWorkerCpuSec };
    };
    const plainRuns = await compare(plain, 1486140841001);
    const gzipRuns = await compare(gzip, 1486140841005);
    return { rows, bytes, ...plainRuns, gzip: { bytes: (await stat(gzip.path)).size, ...gzipRuns } };
  } finally {
    server.stop();
  }
}
