/**
 * OpenTelemetry JS 1.9 API usage a real team writes, each a false positive or negative the
 * scanner once had: startActiveSpan's four call shapes, spans passed to helpers typed `Span`,
 * named callbacks, `Attributes` parameters, and semconv's `/incubating` entry point under a
 * CommonJS tsconfig.
 */
import { describe, expect, it } from "vitest";
import { scanFixture } from "./helpers.js";

const file = "services/search/src/handlers.ts";

describe("OpenTelemetry JS 1.9 API usage", () => {
  it("reports exactly the three undeclared keys and the one dynamic attribute object", async () => {
    const { seen, findings } = await scanFixture("otel-api");
    expect(seen).toEqual([
      // startActiveSpan(name, options, context, fn): the options are read.
      { rule: "source/undeclared-field", file, line: 21, column: 78, subject: `search/span:search.index/index.shard @ ${file}` },
      // tagIndex(span: Span) is only called with the search.query span.
      { rule: "source/undeclared-field", file, line: 30, column: 21, subject: `search/span:search.query/index.name @ ${file}` },
      // startActiveSpan("search.index", onIndexed): the named callback's span is search.index.
      { rule: "source/undeclared-field", file, line: 34, column: 21, subject: `search/span:search.index/search.terms @ ${file}` },
      { rule: "source/dynamic-key", file, line: 39, column: 22, subject: `search/span:*/...attrs @ ${file}` },
    ]);
    // Not reported: ATTR_* from /incubating (lines 12-13) resolve to declared keys; the function
    // given as startActiveSpan's second argument is not taken for options (line 25).
    const dynamic = findings.find((f) => f.rule === "source/dynamic-key");
    expect(dynamic?.severity).toBe("warning");
    // annotate is exported but never called in the program: no caller to resolve its keys from.
    expect(dynamic?.message).toContain("`attrs` is a parameter of `annotate` typed `Attributes`, and no call of `annotate` was found in the program");
    expect(dynamic?.hint).toContain("type the parameter with the generated module's attribute type");
  });
});
