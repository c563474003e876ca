// The exit code of a command line used wrongly: 2, as our commands' help says (1 means a refusal).
import { CommanderError } from 'commander';

/** Commander reports its own usage errors with exit code 1; ours are 2. */
export function exitTwoOnUsageErrors(error: CommanderError): never {
  throw error.exitCode === 1 ? new CommanderError(2, error.code, error.message) : error;
}
