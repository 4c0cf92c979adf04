/**
 * Vitest setup file (see vitest.config.ts): sends this test worker's raw `process.stdout` and
 * `process.stderr` writes through `console`, so vitest's console interception ties each line to
 * the running test and `silent: 'passed-only'` prints it only when that test fails.
 *
 * Why: outside `POWERTOOLS_DEV`, the Powertools logger and metrics write JSON and EMF lines with
 * their own `Console` on `process.stdout`/`stderr`, which vitest does not intercept, so every
 * passing test flooded the output. `POWERTOOLS_DEV` would route them to `console` instead, but it
 * also pretty-prints log JSON over several lines and turns metrics off: tests would then check a
 * configuration Lambda never runs. Here production code runs unchanged, and a test that spies on
 * `process.stdout.write` (EMF and log assertions) replaces this function for its duration, so it
 * still receives every line first. `console` is read once, here, so a test's own spy on
 * `console.log` never receives these lines.
 *
 * A write that does not end in a newline still ends one line (console adds it): fine for log lines.
 */
type Write = NodeJS.WriteStream['write'];

function routeTo(stream: NodeJS.WriteStream, print: (format: string, text: string) => void): void {
  const write = (chunk: unknown, encodingOrDone?: unknown, done?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    print('%s', text.endsWith('\n') ? text.slice(0, -1) : text);
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') process.nextTick(() => callback());
    return true;
  };
  stream.write = write as Write;
}

routeTo(process.stdout, console.log.bind(console));
routeTo(process.stderr, console.error.bind(console));
