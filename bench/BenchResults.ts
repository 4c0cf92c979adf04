import type { BundleSize } from './bundleSizes.ts';
import type { LightClientResults } from './lightClient.ts';
import type { AreaTime, HotFunction } from './profile/topFunctions.ts';
import type { RuleBenchResults } from './ruleBench.ts';
import type { ScaleOutResults } from './scaleOut.ts';
import type { SdkPathResults } from './sdkPath.ts';

/** A part of the run that could not be measured, and why (printed instead of a made-up figure). */
export interface Skipped {
  rowsPerSec: null;
  reason: string;
}

/** One size of the throughput/memory series. */
export interface SizePoint {
  rows: number;
  baselineRowsPerSec: number;
  ingestRowsPerSec: number;
  ratioToBaseline: number;
  peakRssMb: number;
}

/** A goal of issue 8 and whether this run met it. */
export interface Goal {
  name: string;
  value: number | null;
  target: string;
  met: boolean | null;
}

/** `bench/results.json` (CONTRACT.md "Benchmark output"). */
export interface BenchResults {
  generatedAt: string;
  seed: number;
  durationSec: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverageStart: number;
    loadAverageEnd: number;
  };
  rows: { small: number; large: number; endToEnd: number; export: number };
  ingest: {
    /** The iter drop through the real SDK client (`sdkPath.runs[0]`). */
    sdkRowsPerSec: number | null;
    sdkFloorRowsPerSec: number | null;
    ratioToSdkFloor: number | null;
    file: string;
    rows: number;
    rowsPerSec: number;
    baselineRowsPerSec: number;
    ratioToBaseline: number;
    /** Same ratio on CPU time (robust when other processes share the cores). */
    ratioToBaselineCpu: number;
    ms: number;
    cpuMs: number;
    entry: string;
    receipt: Record<string, unknown>;
    /** The same drop on a stand-in that answers each request after `latencyMs` (a DynamoDB round trip). */
    withLatency: {
      latencyMs: number;
      rowsPerSec: number;
      ratioToBaseline: number;
      /** Share of the CPU-only core's speed kept when every request waits its round trip. */
      ratioToCore: number;
      requests: number;
    };
    /** `bench/minimalIngestLoop.ts` on the same file: the ceiling of the ingest core's ratio. */
    minimalLoop: { rowsPerSec: number; ratioToBaseline: number; ratioToBaselineCpu: number };
    aep: {
      file: string;
      rows: number;
      rowsPerSec: number;
      baselineRowsPerSec: number;
      ratioToBaseline: number;
    };
    bySize: SizePoint[];
  };
  dynamodb: {
    /** Item reads and writes per row of the SDK-path iter drop. */
    readsPerRow: number | null;
    writesPerRow: number | null;
    requests: number;
    minimumRequests: number;
    requestRatio: number;
    hottestKeyShare: number;
    lookups: number;
    changedItems: number;
    itemWrites: number;
    byCommand: Record<string, number>;
    /** The drop `hottestKeyShare` is measured on: every row in one segment. */
    oneSegment: {
      file: string;
      rows: number;
      requests: number;
      minimumRequests: number;
      requestRatio: number;
      hottestKey: string | null;
      hottestKeyShare: number;
      partitionKeysWritten: number;
    };
  };
  memory: {
    rssSmallMb: number;
    rssLargeMb: number;
    rssGrowthMb: number;
    rowsSmall: number;
    rowsLarge: number;
    /** A `full` drop of one segment (its members in one list), small against large. */
    full: {
      rssSmallMb: number;
      rssLargeMb: number;
      rssGrowthMb: number;
      membersSmall: number;
      membersLarge: number;
    };
    method: string;
  };
  /** DynamoDB on-demand cost of the SDK-path runs; `usdPerMillionRows` is the iter drop's. */
  cost: {
    usdPerMillionRows: number | null;
    prices: SdkPathResults['prices'] | null;
    byRun: Array<{ run: string; usdPerMillionRows: number }>;
  };
  sdkPath: SdkPathResults | Skipped;
  /** The batch calls through the SDK's low-level client, `@aws-lite/dynamodb` and the product's path, side by side. */
  lightClient: LightClientResults | Skipped;
  endToEnd: (
    | {
        rows: number;
        rowsPerSec: number;
        ms: number;
        seedMs: number;
        note: string;
        /** The same DynamoDB requests straight to dynalite; `ratioToFloor` = floor time / end-to-end time. */
        floor: { ms: number; requests: number; concurrency: number };
        ratioToFloor: number;
      }
    | (Skipped & { rows: number })
  ) & {
    ratioToBaseline?: number;
  };
  export:
    | {
        rows: number;
        members: number;
        rowsPerSec: number;
        ms: number;
        requests: number;
        seededThrough: string;
      }
    | (Skipped & { rows: number });
  /** Rule-list materialisation: a full pass, then an incremental run after 1% of the input changed. */
  rules: RuleBenchResults | Skipped;
  /** Minified bundle of each function, as the CDK construct builds it (SDK included), and its load time. */
  bundles: BundleSize[] | (Skipped & { reason: string });
  /** The same drop whole and in 8 ranges (`bench/scaleOut.ts`). */
  scaleOut: ScaleOutResults | { efficiency: null; reason: string };
  goals: Goal[];
  /** `standInMs`: self time in the bench's own stand-ins (what a real SDK + network would replace). */
  profile?: {
    file: string;
    totalMs: number;
    gcMs: number;
    standInMs: number;
    byArea: AreaTime[];
    top: HotFunction[];
  };
}
