import { describe, expect, it } from "vitest";
import { formatMarkdown, MARKDOWN_MARKER } from "../../compiler/format/markdown.js";
import { code, escapeText, inline } from "../../compiler/format/markdown-escape.js";
import type { CheckResult, ReportedFinding } from "../../compiler/result.js";
import { allRules } from "../../compiler/rules/index.js";
import { AS_OF, failingResult, REPO } from "./fixture.js";

/** The cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, "").replace(/\|$/, "").split(/(?<!\\)\|/).map((cell) => cell.trim());
}

describe("markdown escaping", () => {
  it("turns HTML into entities and escapes inline markup", () => {
    expect(escapeText("<img src=x onerror=alert(1)> & *bold* _it_ [a](b) ~s~ $x$ `c` \\")).toBe(
      "&lt;img src=x onerror=alert(1)&gt; &amp; \\*bold\\* \\_it\\_ \\[a\\](b) \\~s\\~ \\$x\\$ \\`c\\` \\\\",
    );
  });

  it("escapes block markup at the start of the text", () => {
    expect(escapeText("# heading")).toBe("\\# heading");
    expect(escapeText("- item")).toBe("\\- item");
    expect(escapeText("1. item")).toBe("1\\. item");
    expect(escapeText("===")).toBe("\\===");
    expect(escapeText("a - b. c # d")).toBe("a - b. c # d");
  });

  it("keeps text on one line and mentions from pinging", () => {
    expect(escapeText("a\nb\r\nc")).toBe("a b c");
    expect(escapeText("@octocat")).toBe("@&#8203;octocat");
  });

  it("escapes pipes so a table row keeps its cells", () => {
    expect(cells(`| ${escapeText("a|b")} | ${code("c|d", { inTable: true })} |`)).toEqual(["a\\|b", "`c\\|d`"]);
  });

  it("fences code spans around backticks", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x`")).toBe("`` `x` ``");
    expect(code("<b>")).toBe("`<b>`");
  });

  it("renders backticked parts of messages as code and escapes the rest", () => {
    expect(inline("set `hard: false` or <b>not</b>")).toBe("set `hard: false` or &lt;b&gt;not&lt;/b&gt;");
  });
});

describe("markdown comment", () => {
  it("starts with the marker, then the verdict and the summary table", async () => {
    const result = await failingResult();
    const output = formatMarkdown(result, { cwd: REPO, exitCode: 1, rules: allRules, asOf: AS_OF });
    const lines = output.split("\n");
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(output).toContain("### ❌ cordon check failed");
    const header = lines.indexOf("| Errors | Warnings | Waived | Contracts |");
    expect(cells(lines[header + 2]!)).toEqual(["1", "1", "1", `\`${result.contractsDigest}\``]);
  });

  it("groups findings by rule with subject, file:line and hint; waived ones only under Waivers", async () => {
    const output = formatMarkdown(await failingResult(), { cwd: REPO, exitCode: 1, rules: allRules, asOf: AS_OF });
    const findings = output.slice(output.indexOf("#### Findings"), output.indexOf("#### Waivers"));
    expect(findings).toContain("**`residency/store`** (1) — A store holds");
    expect(findings).toContain("- ❌ `checkout/store:orders-db/personal -> us-east-1` at `test/fixtures/format/failing/services.yaml:14:26`");
    expect(findings).toContain("Hint: remove us-east-1 from orders-db's regions");
    expect(findings).toContain("**`waiver/unused`** (1)");
    expect(findings).toContain("- ⚠️ `waiver:residency/store checkout/store:orders-db/personal -> ap-south-1`");
    expect(findings).not.toContain("dependency-inversion");
  });

  it("lists waivers with rule, subject, approver, escaped reason, expiry and days left", async () => {
    const output = formatMarkdown(await failingResult(), { cwd: REPO, exitCode: 1, rules: allRules, asOf: AS_OF });
    const lines = output.split("\n");
    const header = lines.indexOf("| Rule | Subject | Approved by | Reason | Expires | Days left |");
    expect(header).toBeGreaterThan(0);
    expect(lines[header - 2]).toBe("#### Waivers (1)");
    expect(cells(lines[header + 2]!)).toEqual([
      "`tier/dependency-inversion`",
      "`checkout -> recommendations`",
      "jane.doe@&#8203;example.com",
      "fallback ships in Q1 \\| tracked in `PLAT-123` &lt;b&gt;soon&lt;/b&gt;, 100% sure: really",
      "2027-01-31",
      "71",
    ]);
  });

  it("leaves out days left without an as-of date, and the waivers section without waivers", async () => {
    const result = await failingResult();
    expect(formatMarkdown(result, { cwd: REPO, exitCode: 1 })).toContain("| Rule | Subject | Approved by | Reason | Expires |\n");
    const unwaived: CheckResult = { ...result, findings: result.findings.filter((f) => !f.waived) };
    expect(formatMarkdown(unwaived, { cwd: REPO, exitCode: 1 })).not.toContain("#### Waivers");
  });

  it("never lets user text out as HTML, a mention or a table break", () => {
    const finding: ReportedFinding = {
      id: "1",
      rule: "tier/dependency-inversion",
      severity: "error",
      subject: "a|b -> <script>",
      message: "- <script>alert(1)</script> @team ping\n# not a heading",
      hint: "`x|y` <!-- cordon:check -->",
      waived: true,
      waiver: {
        rule: "tier/dependency-inversion",
        subject: "a|b -> <script>",
        reason: "because | <img src=x> @everyone\n---",
        approvedBy: "@boss|x",
        expires: "2027-01-01",
        ref: { file: "/repo/w.yaml", doc: 0, path: [] },
      },
    };
    const result: CheckResult = {
      contractsRoot: "/repo/contracts",
      findings: [finding, { ...finding, id: "2", waived: false, waiver: undefined }],
      summary: { errors: 1, warnings: 0, waived: 1 },
      sources: new Map(),
    };
    const output = formatMarkdown(result, { cwd: "/repo", exitCode: 1, asOf: "2026-12-31" });
    // Code spans show their content literally; everything else must have no raw HTML.
    const outsideCode = output.replace(/(`+)[^`]*?\1/g, "");
    expect(outsideCode).not.toMatch(/<(script|img)/);
    expect(output).not.toMatch(/@(team|everyone|boss)/);
    expect(output.split(MARKDOWN_MARKER)).toHaveLength(2);
    const row = output.split("\n").find((line) => line.startsWith("| `tier/dependency-inversion`"))!;
    expect(cells(row)).toHaveLength(6);
    expect(cells(row).at(-1)).toBe("1");
    // Every line of the finding item belongs to it: none starts a heading or a list.
    const item = output.slice(output.indexOf("- ❌"), output.indexOf("#### Waivers"));
    for (const line of item.trimEnd().split("\n").slice(1)) expect(line).toMatch(/^ {2}[^\s#\-]/);
  });

  it("stays within its budget and says how many findings it left out", () => {
    const findings: ReportedFinding[] = Array.from({ length: 50 }, (_, i) => ({
      id: String(i),
      rule: i % 2 ? "residency/store" : "egress/raw-export",
      severity: "error",
      subject: `svc/store:s${i}/personal -> us-east-1`,
      message: "x".repeat(200),
      waived: false,
    }));
    const result: CheckResult = {
      contractsRoot: "/repo/contracts",
      findings,
      summary: { errors: 50, warnings: 0, waived: 0 },
      sources: new Map(),
    };
    const full = formatMarkdown(result, { cwd: "/repo", exitCode: 1 });
    expect(full.match(/^- ❌/gm)).toHaveLength(50);
    const cut = formatMarkdown(result, { cwd: "/repo", exitCode: 1, budget: 2_000 });
    const shown = cut.match(/^- ❌/gm)!.length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(50);
    expect(cut).toContain(`…and ${50 - shown} more`);
  });

  it("is deterministic", async () => {
    const a = formatMarkdown(await failingResult(), { cwd: REPO, exitCode: 1, rules: allRules, asOf: AS_OF });
    const b = formatMarkdown(await failingResult(), { cwd: REPO, exitCode: 1, rules: allRules, asOf: AS_OF });
    expect(a).toBe(b);
  });
});
