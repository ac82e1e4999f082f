/**
 * SPEC §3.4, guards (compiler/source/guards.ts) against an oracle: a helper picks an instrument by
 * an if/else-if chain of `kind === Kind.X` / `kind !== Kind.X`; callers pass enum constants (or a
 * variable). Evaluating the chain for each caller's constant says which instrument its key
 * reaches: the findings must be exactly those (no key lost, none on an instrument it cannot
 * reach), and a caller passing a variable reaches every instrument of the chain.
 */
import fc from "fast-check";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, scanFixture } from "./helpers.js";

const MEMBERS = ["A", "B", "C", "D"] as const;

interface Branch {
  readonly equal: boolean;
  readonly member: number;
}
interface Program {
  readonly chain: readonly Branch[];
  readonly otherwise: boolean;
  /** Each caller's constant (a member index), or -1 for a variable. */
  readonly callers: readonly number[];
}

const program: fc.Arbitrary<Program> = fc.record({
  chain: fc.array(fc.record({ equal: fc.boolean(), member: fc.nat({ max: 3 }) }), { minLength: 1, maxLength: 3 }),
  otherwise: fc.boolean(),
  callers: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 4 }),
});

function source(p: Program): string {
  const instruments = p.chain.length + 1;
  const lines = [
    `import { metrics } from "@opentelemetry/api";`,
    `enum Kind { ${MEMBERS.join(", ")} }`,
    `const meter = metrics.getMeter("exchange");`,
    ...Array.from({ length: instruments }, (_, i) => `const m${i} = meter.createCounter("exchange.m${i}");`),
    `function close(kind: Kind, attributes: Record<string, string>): void {`,
    ...p.chain.map((b, i) => `  ${i ? "} else " : ""}if (kind ${b.equal ? "===" : "!=="} Kind.${MEMBERS[b.member]}) {\n    m${i}.add(1, attributes);`),
    p.otherwise ? `  } else {\n    m${p.chain.length}.add(1, attributes);\n  }` : "  }",
    `}`,
    `export function relay(kind: Kind): void {`,
    ...p.callers.map((c, i) => `  close(${c < 0 ? "kind" : `Kind.${MEMBERS[c]}`}, { "exchange.k${i}": "v" });`),
    `}`,
  ];
  return lines.join("\n") + "\n";
}

/** The instruments caller `c` reaches: the first branch whose test holds, else the `else`. */
function reached(p: Program, c: number): number[] {
  if (c < 0) return Array.from({ length: p.chain.length + (p.otherwise ? 1 : 0) }, (_, i) => i);
  const i = p.chain.findIndex((b) => (c === b.member) === b.equal);
  if (i >= 0) return [i];
  return p.otherwise ? [p.chain.length] : [];
}

function folder(p: Program): string {
  const root = mkdtempSync(join(tmpdir(), "cordon-guards-"));
  cpSync(join(FIXTURES, "precision/contracts"), join(root, "contracts"), { recursive: true });
  mkdirSync(join(root, "services/exchange/src"), { recursive: true });
  writeFileSync(join(root, "services/exchange/src/close.ts"), source(p));
  return root;
}

describe("guards: the instruments a caller's constant reaches (oracle: evaluating the chain)", () => {
  it("exactly the reachable (instrument, key) pairs", async () => {
    await fc.assert(
      fc.asyncProperty(program, async (p) => {
        const { findings } = await scanFixture("precision", {}, folder(p));
        const got = findings
          .filter((f) => f.rule === "source/undeclared-field")
          .map((f) => f.subject.split(" @")[0]!.replace("exchange/metric:", ""))
          .sort();
        const want = p.callers.flatMap((c, i) => reached(p, c).map((m) => `exchange.m${m}/exchange.k${i}`)).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 20 },
    );
  });
});
