import { describe, expect, it } from "vitest";
import { annotation, escapeData, escapeProperty, formatGithub } from "../../compiler/format/github.js";
import type { ReportedFinding } from "../../compiler/result.js";
import { failingResult, REPO } from "./fixture.js";

/** Undo @actions/core's escaping, as the runner does when it reads a command. */
function unescape(text: string): string {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
}

/** Split a workflow command line the way the runner does: `::name props::message`. */
function parse(line: string): { command: string; properties: Map<string, string>; message: string } {
  const match = /^::([a-z]+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const properties = new Map(
    match[2]!.split(",").map((pair) => {
      const eq = pair.indexOf("=");
      return [pair.slice(0, eq), unescape(pair.slice(eq + 1))] as [string, string];
    }),
  );
  return { command: match[1]!, properties, message: unescape(match[3]!) };
}

const hostile: ReportedFinding = {
  id: "0123456789abcdef",
  rule: "egress/raw-export",
  severity: "error",
  subject: "svc/span:a,b/k -> sink",
  message: "100% raw\r\n::error::injected, with: colons",
  hint: "line one\nline two",
  waived: false,
  location: { file: "/repo/contracts/odd,name:1.yaml", line: 3, column: 7, endLine: 3, endColumn: 12 },
};

describe("github annotations", () => {
  it("escapes message data: %, CR and LF", () => {
    expect(escapeData("a%b\r\nc")).toBe("a%25b%0D%0Ac");
  });

  it("escapes property values: also : and ,", () => {
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("keeps every finding on one line, with file, line, col and rule as title", () => {
    const line = annotation(hostile, "/repo");
    expect(line.split("\n")).toHaveLength(1);
    const parsed = parse(line);
    expect(parsed.command).toBe("error");
    expect(Object.fromEntries(parsed.properties)).toEqual({
      file: "contracts/odd,name:1.yaml",
      line: "3",
      endLine: "3",
      col: "7",
      endColumn: "12",
      title: "egress/raw-export",
    });
    expect(parsed.message).toBe(
      "100% raw\r\n::error::injected, with: colons\nHint: line one\nline two\nSubject: svc/span:a,b/k -> sink",
    );
  });

  it("uses ::warning for warnings, ::notice with the waiver for waived findings", async () => {
    const output = formatGithub(await failingResult(), { cwd: REPO, exitCode: 1 });
    const lines = output.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    const [error, warning, notice] = lines.slice(0, 3).map(parse);
    expect(error!.command).toBe("error");
    expect(error!.properties.get("title")).toBe("residency/store");
    expect(error!.properties.get("file")).toBe("test/fixtures/format/failing/services.yaml");
    expect(warning!.command).toBe("warning");
    expect(warning!.properties.get("title")).toBe("waiver/unused");
    expect(notice!.command).toBe("notice");
    expect(notice!.properties.get("title")).toBe("tier/dependency-inversion (waived)");
    expect(notice!.message).toContain(
      "Waived until 2027-01-31, approved by jane.doe@example.com: fallback ships in Q1 | tracked in `PLAT-123` <b>soon</b>, 100% sure: really",
    );
    expect(lines[3]).toBe("cordon check failed: 1 error, 1 warning, 1 waived");
  });

  it("drops endColumn on multi-line ranges and omits file for findings without a location", () => {
    const multi = annotation({ ...hostile, location: { file: "/repo/a.yaml", line: 3, column: 1, endLine: 5, endColumn: 2 } }, "/repo");
    expect(parse(multi).properties.has("endColumn")).toBe(false);
    const { location: _none, ...noLocation } = hostile;
    const bare = parse(annotation(noLocation, "/repo"));
    expect([...bare.properties.keys()]).toEqual(["title"]);
  });
});
