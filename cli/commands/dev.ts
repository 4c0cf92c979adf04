import { Command } from 'commander';

/**
 * `audience-bridge dev` (what `npm start` runs): the local stack in the foreground, configured by
 * the `AB_*` variables. Prints the ready line once everything listens; SIGINT/SIGTERM stop it
 * cleanly (exit 0). The stack is imported lazily so other commands start fast.
 */
export const devCommand = new Command('dev')
  .description('run the local stack (S3, DynamoDB, HTTP API, drop notifications, schedule) in the foreground')
  .action(async () => {
    // The SDK's own switch for its Node 20 end-of-support notice: noise on every local start.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { localStackOptionsFromEnv, readyLine, startLocalStack } = await import('../../local/index.ts');
    const stack = await startLocalStack(localStackOptionsFromEnv(process.env));
    process.stdout.write(`${readyLine(stack)}\n`);
    process.stdout.write(
      `audience-bridge console ${stack.apiUrl}/console/ (sign in locally, from this machine only)\n`,
    );
    await new Promise<void>((resolve) => {
      const onSignal = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        // A second signal while stopping gives up waiting.
        process.once('SIGINT', () => process.exit(130));
        stack.stop().then(resolve, resolve);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    // Safety net: a stray handle (an SDK keep-alive socket) must not keep a stopped stack alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
  });
