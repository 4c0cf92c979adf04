import { Command, CommanderError } from 'commander';
import { AppError } from '../shared/errors/index.ts';
import * as commands from './commands/index.ts';

/** Exit code of a usage error (unknown command or option, missing argument, bad value). */
export const USAGE_EXIT_CODE = 2;

function program(): Command {
  const root = new Command('audience-bridge')
    .description('Share audiences between a marketing system and a DMP; local stack and tools.')
    .showHelpAfterError();
  for (const command of Object.values(commands)) root.addCommand(command);
  // addCommand does not copy settings to subcommands: every level must throw instead of exiting.
  const throwInsteadOfExit = (command: Command) => {
    command.exitOverride();
    for (const sub of command.commands) throwInsteadOfExit(sub);
  };
  throwInsteadOfExit(root);
  return root;
}

/**
 * The CLI: parses `argv` (without `node` and the script) and runs one command from
 * `cli/commands/index.ts`. Returns the exit code instead of exiting, so tests can call it:
 * 0 on success, 2 on a usage error (or an `AppError` a command throws for bad input), 1 on any
 * other failure; a command that must report another code sets `process.exitCode` (e.g. `inspect`
 * sets 1 for a rejected file) and `main` returns it.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successful exits; everything else is a usage error.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof AppError && error.expose) {
      process.stderr.write(`audience-bridge: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    process.stderr.write(`audience-bridge: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
