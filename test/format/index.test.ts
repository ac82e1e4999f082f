import { describe, expect, it } from "vitest";
import { formatResult, isOutputFormat, OUTPUT_FORMATS } from "../../compiler/format/index.js";
import { formatGithub } from "../../compiler/format/github.js";
import { formatJson } from "../../compiler/format/json.js";
import { formatMarkdown } from "../../compiler/format/markdown.js";
import { formatSarif } from "../../compiler/format/sarif.js";
import { formatText } from "../../compiler/format/text.js";
import { ruleDocsUrl } from "../../compiler/docs/links.js";
import { allRules } from "../../compiler/rules/index.js";
import { AS_OF, failingResult, REPO } from "./fixture.js";

describe("formatResult", () => {
  it("dispatches each format to its formatter", async () => {
    const result = await failingResult();
    const options = { cwd: REPO, version: "9.9.9", exitCode: 1, strict: false, asOf: AS_OF };
    expect(formatResult(result, "text", options)).toBe(formatText(result, { ...options, color: false }));
    expect(formatResult(result, "json", options)).toBe(formatJson(result, options));
    expect(formatResult(result, "sarif", options)).toBe(
      formatSarif(result, { ...options, rules: allRules, helpUri: (id) => ruleDocsUrl(id, options.version) }),
    );
    expect(formatResult(result, "github", options)).toBe(formatGithub(result, options));
    expect(formatResult(result, "markdown", options)).toBe(formatMarkdown(result, { ...options, rules: allRules }));
  });

  it("computes the exit code from the result and --strict when not given", async () => {
    const result = await failingResult();
    const sarif = JSON.parse(formatResult(result, "sarif", { cwd: REPO }));
    expect(sarif.runs[0].invocations[0].exitCode).toBe(1);
    const unwaivedErrorsGone = { ...result, findings: result.findings.filter((f) => f.rule !== "residency/store"), summary: { ...result.summary, errors: 0 } };
    expect(formatResult(unwaivedErrorsGone, "github", { cwd: REPO })).toMatch(/cordon check passed/);
    expect(formatResult(unwaivedErrorsGone, "github", { cwd: REPO, strict: true })).toMatch(/cordon check failed/);
  });

  it("gives the same bytes twice for every format (no clock, no absolute paths in sarif/github/markdown)", async () => {
    for (const format of OUTPUT_FORMATS) {
      const once = formatResult(await failingResult(), format, { cwd: REPO, asOf: AS_OF });
      const twice = formatResult(await failingResult(), format, { cwd: REPO, asOf: AS_OF });
      expect(twice, format).toBe(once);
      if (format !== "text") expect(once, format).not.toContain(REPO);
    }
  });

  it("knows its formats", () => {
    expect(OUTPUT_FORMATS).toEqual(["text", "json", "sarif", "github", "markdown"]);
    expect(isOutputFormat("sarif")).toBe(true);
    expect(isOutputFormat("html")).toBe(false);
  });
});
