/**
 * GitHub code scanning's `primaryLocationLineHash`, computed the way github/codeql-action
 * (src/fingerprints.ts) computes it for uploads that lack one, so that the alerts cordon
 * uploads keep their identity when lines move: a rolling hash (base 37, 64-bit wrapping)
 * over the first 100 non-blank characters from the start of each line, with spaces and
 * tabs skipped and every line ending (\r\n, \r, \n) read as \n, followed by `:N` where N
 * counts earlier lines of the file with the same hash.
 */

const BLOCK_SIZE = 100;
const BASE = 37;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** The end-of-file marker codeql-action hashes after the last character. */
const END_OF_FILE = 0xffff;
const TWO_32 = 0x1_0000_0000;

/**
 * BASE ** BLOCK_SIZE mod 2^64, the weight of the character leaving the window, as two
 * 32-bit halves. The hash itself is kept as two halves too: exact in doubles, several
 * times faster than BigInt on the per-character path.
 */
const LEAVING = BigInt.asUintN(64, 37n ** BigInt(BLOCK_SIZE));
const LEAVING_HI = Number(LEAVING >> 32n);
const LEAVING_LO = Number(LEAVING & 0xffff_ffffn);

/** The hash of every line of `text`, by 1-based line number (lines of only blanks included). */
export function lineHashes(text: string): Map<number, string> {
  const hashes = new Map<number, string>();
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  // For each window slot: the line that starts at the character held there, or -1.
  const lineAt = new Array<number>(BLOCK_SIZE).fill(-1);
  const seen = new Map<string, number>();
  let hi = 0;
  let lo = 0;
  let index = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = (): void => {
    const value = hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, "0");
    const count = (seen.get(value) ?? 0) + 1;
    seen.set(value, count);
    hashes.set(lineAt[index]!, `${value}:${count}`);
    lineAt[index] = -1;
  };
  // hash = BASE * hash + code - LEAVING * leaving  (mod 2^64). Every intermediate is an
  // integer below 2^53, and `>>> 0` (ToUint32) is exactly "mod 2^32", negatives included.
  const push = (code: number): void => {
    const leaving = window[index]!;
    window[index] = code;
    const low = lo * BASE + code - LEAVING_LO * leaving;
    const carry = Math.floor(low / TWO_32);
    lo = low >>> 0;
    hi = (hi * BASE + carry - LEAVING_HI * leaving) >>> 0;
    index = (index + 1) % BLOCK_SIZE;
  };
  const read = (code: number): void => {
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      return;
    }
    afterCR = code === CR;
    if (afterCR) code = LF;
    // The slot about to be overwritten held a line start BLOCK_SIZE characters ago:
    // that line's window is complete.
    if (lineAt[index] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      lineAt[index] = ++line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) read(text.charCodeAt(i));
  read(END_OF_FILE);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineAt[index] !== -1) emit();
    push(0);
  }
  return hashes;
}
