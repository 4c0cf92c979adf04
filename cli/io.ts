/**
 * Where a command writes and what it reads from its surroundings. Commands take one so tests can
 * run them in-process and assert exact lines; `stdio()` is the real terminal.
 */
export interface CliIo {
  /** One line of the command's result (no trailing newline). */
  out(line: string): void;
  /** One line of diagnostics or progress notes. */
  err(line: string): void;
  /** Environment for defaults (`AB_PORT`, `AB_S3_PORT`, `AB_BUCKET`, `AB_HOME`…). */
  env: NodeJS.ProcessEnv;
  /** True when `out` is an interactive terminal (progress bars, screen refresh). */
  interactive: boolean;
}

/**
 * The process's own stdout/stderr and environment.
 *
 * @example
 * await runJobs({ type: 'ingest' }, stdio());
 */
export function stdio(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    interactive: Boolean(process.stdout.isTTY),
  };
}
