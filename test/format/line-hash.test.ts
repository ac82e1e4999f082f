import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineHashes } from "../../compiler/format/line-hash.js";

/** Expected values from github/codeql-action's src/fingerprints.test.ts. */
function hashesOf(text: string): string[] {
  const hashes = lineHashes(text);
  return [...hashes.keys()].sort((a, b) => a - b).map((line) => hashes.get(line)!);
}

describe("primaryLocationLineHash (codeql-action's algorithm)", () => {
  it("hashes an empty file as one line", () => {
    expect(hashesOf("")).toEqual(["c129715d7a2bc9a3:1"]);
  });

  it("skips leading blanks and reads every line ending alike", () => {
    expect(hashesOf(" a\nb\n  \t\tc\n d")).toEqual([
      "271789c17abda88f:1",
      "54703d4cd895b18:1",
      "180aee12dab6264:1",
      "a23a3dc5e078b07b:1",
    ]);
    const expected = [
      "e9496ae3ebfced30:1",
      "fb7c023a8b9ccb3f:1",
      "ce8ba1a563dcdaca:1",
      "e20e36e16fcb0cc8:1",
      "b3edc88f2938467e:1",
      "c8e28b0b4002a3a0:1",
      "c129715d7a2bc9a3:1",
    ];
    expect(hashesOf(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n")).toEqual(expected);
    expect(hashesOf(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r")).toEqual(expected);
    expect(hashesOf(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n")).toEqual(expected);
    expect(hashesOf(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n")).toEqual(expected);
  });

  it("hashes a file without a final newline", () => {
    expect(hashesOf(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End")).toEqual([
      "8b7cf3e952e7aeb2:1",
      "b1ae1287ec4718d9:1",
      "bff680108adb0fcc:1",
      "c6805c5e1288b612:1",
      "b86d3392aea1be30:1",
      "e6ceba753e1a442:1",
    ]);
  });

  it("counts repeats of the same hash", () => {
    expect(hashesOf("Lorem ipsum dolor sit amet.\n".repeat(10))).toEqual([
      "a7f2ff13bc495cf2:1",
      "a7f2ff13bc495cf2:2",
      "a7f2ff13bc495cf2:3",
      "a7f2ff13bc495cf2:4",
      "a7f2ff13bc495cf2:5",
      "a7f2ff13bc495cf2:6",
      "a7f2ff1481e87703:1",
      "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1",
      "cc97dc7b1d7d8f7b:1",
      "c129715d7a2bc9a3:1",
    ]);
    expect(hashesOf("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n")).toEqual([
      "e54938cc54b302f1:1",
      "bb609acbe9138d60:1",
      "1131fd5871777f34:1",
      "5c482a0f8b35ea28:1",
      "54517377da7028d2:1",
      "2c644846cb18d53e:1",
      "f1b89f20de0d133:1",
      "c129715d7a2bc9a3:1",
    ]);
  });
});

/**
 * An independent oracle: the same definition written the slow, obvious way: the normalised
 * character stream (blanks dropped, line endings as \n, EOF marker, zero padding) and, for
 * each line start, the base-37 polynomial of the next 100 characters in BigInt mod 2^64.
 */
function oracle(text: string): Map<number, string> {
  const stream: number[] = [];
  const starts: number[] = [];
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) continue;
    if (c === 0x0a && i > 0 && text.charCodeAt(i - 1) === 0x0d) continue;
    if (c === 0x0d) c = 0x0a;
    if (atStart) starts.push(stream.length);
    atStart = c === 0x0a;
    stream.push(c);
  }
  if (atStart) starts.push(stream.length);
  stream.push(0xffff);
  const seen = new Map<string, number>();
  const out = new Map<number, string>();
  starts.forEach((start, i) => {
    let hash = 0n;
    for (let k = 0; k < 100; k++) hash = BigInt.asUintN(64, hash * 37n + BigInt(stream[start + k] ?? 0));
    const value = hash.toString(16);
    const count = (seen.get(value) ?? 0) + 1;
    seen.set(value, count);
    out.set(i + 1, `${value}:${count}`);
  });
  return out;
}

describe("line hashes against a brute-force oracle", () => {
  it("agree on the codeql-action examples", () => {
    expect(oracle("Lorem ipsum dolor sit amet.\n".repeat(10))).toEqual(lineHashes("Lorem ipsum dolor sit amet.\n".repeat(10)));
  });

  it("agree on random texts of blanks, line endings and characters", () => {
    const char = fc.constantFrom(" ", "\t", "\n", "\r", "\r\n", "a", "b", "-", ":", "é", "\u{1F600}", "x".repeat(120));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 400 }), (parts) => {
        const text = parts.join("");
        expect(lineHashes(text)).toEqual(oracle(text));
      }),
      { numRuns: 300 },
    );
  });
});
