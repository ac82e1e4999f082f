/**
 * Found by test/robustness (shrunk from a mutated shop-pr): a Service file with classic Mac OS
 * line ends (a carriage return without a line feed) that starts with a comment, plus anything
 * that sends it down the careful YAML path (an anchor), was read by `yaml` as one long comment:
 * the Service vanished without a finding and `check` passed (exit 0) a set whose checkout
 * stores personal data in the US. js-yaml read the same text as the full Service. Such a file
 * is now a contract/yaml error at the first lone CR, whichever path reads it; CRLF stays fine.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../cli/api.js";
import { findingsOf, loadVariant, REPO, tempDir } from "./helpers.js";

const MESSAGE = "a carriage return without a line feed (old Mac OS line ends): lines must end with LF or CRLF";

describe("line ends", () => {
  it("CR-only line ends are a contract/yaml error at the first one, on the fast path too", async () => {
    const text = readFileSync(join(REPO, "test/fixtures/contracts/valid/tiers.yaml"), "utf8");
    const result = await loadVariant({ "tiers.yaml": [[text, text.replaceAll("\n", "\r")]] });
    const firstBreak = text.indexOf("\n");
    expect(findingsOf(result, "contract/yaml")).toEqual([
      // locateOffset points a line-break offset at the line's last character
      { subject: "tiers.yaml#", line: 1, column: firstBreak, message: MESSAGE, hint: "save the file with LF (or CRLF) line ends" },
    ]);
  });

  it("CRLF line ends are read as before", async () => {
    const text = readFileSync(join(REPO, "test/fixtures/contracts/valid/tiers.yaml"), "utf8");
    const result = await loadVariant({ "tiers.yaml": [[text, text.replaceAll("\n", "\r\n")]] });
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("a Service with CR-only line ends and an anchor no longer vanishes: exit 2, not 0", async () => {
    const temp = tempDir();
    try {
      cpSync(join(REPO, "examples/shop-pr/contracts"), join(temp.dir, "contracts"), { recursive: true });
      const path = join(temp.dir, "contracts/services/checkout.yaml");
      const service = readFileSync(path, "utf8").replaceAll("\n", "\r");
      writeFileSync(path, `${service}\n---\napiVersion: cordon/v1\nkind: FieldSet\nname: &n extra-fields\nfields:\n  x.y: { class: internal, type: string }\n`);
      const checked = await api.check({ contracts: "contracts", cwd: temp.dir, asOf: "2026-12-01" });
      expect(checked.exitCode).toBe(2);
      expect(checked.result.findings.map((f) => [f.rule, f.message])).toContainEqual(["contract/yaml", MESSAGE]);
    } finally {
      temp.cleanup();
    }
  });
});
