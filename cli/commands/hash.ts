import { Command, Option } from 'commander';
import { hashDeclared } from '../../shared/identifiers/index.ts';

/**
 * `audience-bridge hash --type email|phone VALUE`: prints the hashed declared ID of VALUE
 * (normalised: email trimmed and lowercased, phone as E.164; then SHA-256, lowercase hex).
 * An invalid value is a usage error (exit 2) whose message names the rule, not the value.
 */
export const hashCommand = new Command('hash')
  .description('print the normalised SHA-256 declared ID of an email or phone number')
  .addOption(new Option('--type <type>', 'what VALUE is').choices(['email', 'phone']).makeOptionMandatory())
  .argument('<value>', 'the email address or phone number (with its +country code)')
  .action((value: string, options: { type: 'email' | 'phone' }) => {
    process.stdout.write(`${hashDeclared(options.type, value)}\n`);
  });
