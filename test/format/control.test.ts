/**
 * Issue 12: control characters are shown escaped, never raw, in every format; the text
 * format splits each file into lines once however many findings point into it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeFrame, splitLines } from "../../compiler/format/code-frame.js";
import { escapeControl } from "../../compiler/format/control.js";
import { formatResult, OUTPUT_FORMATS } from "../../compiler/format/index.js";
import type { CheckResult, ReportedFinding } from "../../compiler/result.js";

/** Any raw control character a terminal or a reviewer could be fooled by (tab and LF aside). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = "x\u001b]0;pwned\u0007\u001b[2J\r\u009b\u202eevil\u0000";

describe("escapeControl", () => {
  it("escapes C0, DEL, C1 and bidi controls, keeps tab and line feed", () => {
    expect(escapeControl("a\u001b[31mb\u0007\tc\nd\u007f\u009b\u202e")).toBe("a\\x1b[31mb\\x07\tc\nd\\x7f\\x9b\\u202e");
  });
  it("leaves no raw control character in any string, and changes nothing else (oracle: the regex)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const escaped = escapeControl(text);
        expect(RAW_CONTROL.test(escaped)).toBe(false);
        if (!RAW_CONTROL.test(text)) expect(escaped).toBe(text);
      }),
    );
  });
});

function hostileResult(): CheckResult {
  const file = `/repo/contracts/${HOSTILE}.yaml`;
  const finding: ReportedFinding = {
    id: "0123456789abcdef",
    rule: "contract/schema",
    severity: "error",
    waived: false,
    subject: `svc/${HOSTILE}`,
    message: `unknown data class \`${HOSTILE}\``,
    hint: `did you mean ${HOSTILE}?`,
    location: { file, line: 2, column: 8, endLine: 2, endColumn: 20 },
  };
  const waived: ReportedFinding = {
    ...finding,
    id: "fedcba9876543210",
    rule: "tier/min-regions",
    waived: true,
    waiver: { rule: "tier/min-regions", subject: finding.subject, reason: HOSTILE, approvedBy: HOSTILE, expires: "2027-01-01" } as ReportedFinding["waiver"],
  };
  return {
    contractsRoot: "/repo/contracts",
    findings: [finding, waived],
    summary: { errors: 1, warnings: 0, waived: 1 },
    sources: new Map([[file, `kind: Service\nclass: ${HOSTILE}\nname: x\n`]]),
  };
}

describe("every format", () => {
  it.each(OUTPUT_FORMATS)("%s prints no raw control character, and says what was there", (format) => {
    const output = formatResult(hostileResult(), format, { cwd: "/repo", asOf: "2026-11-21", exitCode: 2 });
    expect(output.match(RAW_CONTROL)).toBeNull();
    expect(output).toContain("x1b]0;pwned"); // escaped (markdown doubles the backslash), not dropped
    if (format === "json" || format === "sarif") {
      // and no JSON escape that decodes to one either
      const strings: string[] = [];
      JSON.parse(output, (_key, value: unknown) => (typeof value === "string" && strings.push(value), value));
      for (const value of strings) expect(value.match(RAW_CONTROL), value).toBeNull();
    }
  });
});

describe("code frames", () => {
  it("puts the carets under the escaped text", () => {
    const frame = codeFrame(splitLines("a: 1\nb: \u001b[2Jvalue\n"), { line: 2, column: 8, endLine: 2, endColumn: 13 });
    const [shown, carets] = frame.split("\n").slice(1);
    expect(shown).toContain("b: \\x1b[2Jvalue");
    expect(carets!.indexOf("^")).toBe(shown!.indexOf("value"));
    expect(carets!.match(/\^+/)?.[0]).toBe("^^^^^");
  });
  it("clamps a column past the end of its line to the line", () => {
    const [, , carets] = codeFrame(splitLines("a: 1\nb: [1, 2\n"), { line: 2, column: 40 }).split("\n");
    expect(carets!.indexOf("^")).toBeLessThanOrEqual("  > 2 | b: [1, 2".length);
  });
  it("the text format splits each file once, however many findings point into it (counted)", () => {
    const file = "/repo/contracts/big.yaml";
    const text = Array.from({ length: 2_000 }, (_, i) => `k${i}: v`).join("\n");
    let reads = 0;
    const sources = new (class extends Map<string, string> {
      override get(key: string) {
        reads++;
        return super.get(key);
      }
    })([[file, text]]);
    const findings: ReportedFinding[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: String(i).padStart(16, "0"),
      rule: "contract/duplicate-key",
      severity: "error",
      waived: false,
      subject: `big.yaml#/k${i} #${i}`,
      message: "duplicate key",
      location: { file, line: i + 1, column: 1 },
    }));
    const output = formatResult({ contractsRoot: "/repo/contracts", findings, summary: { errors: 2_000, warnings: 0, waived: 0 }, sources }, "text", { cwd: "/repo" });
    expect(output).toContain("> 2000 | k1999: v");
    expect(reads).toBe(1);
  });
});
