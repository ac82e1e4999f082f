/**
 * A `--src` argument the scanner cannot work with (a folder that does not exist). The CLI turns
 * it into a usage error: a plain message and exit 2, never a stack trace.
 */
export class SourceUsageError extends Error {
  override readonly name = "SourceUsageError";
}
