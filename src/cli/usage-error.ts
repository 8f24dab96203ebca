import type { Command, CommanderError } from 'commander';
import { KeapThrottleError, type ErrorCode } from '../errors.js';
import { redactText } from '../normalise/redact.js';

const CODES: Readonly<Record<string, ErrorCode>> = {
  'commander.unknownOption': 'USAGE_UNKNOWN_OPTION',
  'commander.excessArguments': 'USAGE_UNKNOWN_OPTION',
  'commander.missingArgument': 'USAGE_MISSING_ARGUMENT',
  'commander.optionMissingArgument': 'USAGE_MISSING_ARGUMENT',
  'commander.missingMandatoryOptionValue': 'USAGE_MISSING_ARGUMENT',
  'commander.unknownCommand': 'USAGE_UNKNOWN_COMMAND',
  'commander.invalidArgument': 'USAGE_BAD_CHOICE',
  'commander.conflictingOption': 'USAGE_CONFLICT',
};

/** A commander complaint as a catalogue error with a hint; an option another command has is "not used here". */
export function usageError(error: CommanderError, argv: readonly string[], program: Command): KeapThrottleError {
  const name = argv.find((arg) => !arg.startsWith('-'));
  const command = program.commands.find((candidate) => candidate.name() === name);
  const help = command ? `keap-throttle ${command.name()} --help` : 'keap-throttle --help';
  // Commander quotes what was typed; an option value may be a secret pasted by mistake.
  const message = redactText(
    error.message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\.$/, ''),
  );
  if (error.code === 'commander.unknownOption' && command) {
    const flag = /'(--?[^'=\s]+)/.exec(error.message)?.[1];
    const owners = program.commands.filter(
      (other) => other !== command && other.options.some((option) => option.long === flag || option.short === flag),
    );
    if (flag && owners.length > 0)
      return new KeapThrottleError('USAGE_OPTION_NOT_USED', `${command.name()} does not use ${flag}`, {
        hint: `it belongs to ${owners.map((owner) => owner.name()).join(' and ')}; see ${help}`,
      });
  }
  if (error.code === 'commander.unknownCommand' || (!command && error.code === 'commander.missingArgument'))
    return new KeapThrottleError(CODES[error.code] ?? 'USAGE_UNKNOWN_COMMAND', message, {
      hint: `the commands are ${program.commands.map((c) => c.name()).join(', ')}; see ${help}`,
    });
  return new KeapThrottleError(CODES[error.code] ?? 'USAGE_UNKNOWN_OPTION', message, { hint: `see ${help}` });
}
