import { vi } from 'vitest';

/** What a capture collected, and how to stop it. */
export interface CapturedOutput {
  /** Everything written so far: stdout, stderr and console calls, in order. */
  text(): string;
  restore(): void;
}

/**
 * Captures this process's output: `process.stdout`/`stderr` writes (Powertools logger and metrics
 * write JSON lines there) and every `console` call (the logger's dev mode, stray prints). The local
 * stack runs in the test process, so this sees every log line of the API, ingest and export.
 */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const keep = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        keep(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
      }),
    ),
  ];
  return {
    text: () => chunks.join(''),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
