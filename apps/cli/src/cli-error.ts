/** A mistake in the command line (bad flag value, missing file): printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
