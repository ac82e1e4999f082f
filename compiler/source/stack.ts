/**
 * Source the TypeScript compiler (or the scanner's own walk) cannot go through without running
 * out of stack: objects or brackets nested some hundreds deep, a sum or call chain thousands of
 * terms long (generated or minified code). tsc itself stops there; the scan names the file as
 * not seen (source/missing-source), never crashes, never passes what it did not read.
 */

/** The engine's stack overflow; every other error is a bug and propagates. */
export function outOfStack(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export const TOO_DEEP = "is nested or chained too deeply to analyse (the TypeScript compiler ran out of stack)";
