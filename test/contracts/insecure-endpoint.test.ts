/** SPEC §1.5: a non-loopback http:// sink endpoint is a warning (contract/insecure-endpoint). */
import { describe, expect, test } from "vitest";
import { isLoopback } from "../../contracts/rules/insecure-endpoint.js";
import { findingsOf, loadVariant } from "./helpers.js";

const SINK = "endpoint: https://otlp.us.vendor.example/v1";

describe("contract/insecure-endpoint", () => {
  test.each([
    ["http://otlp.us.vendor.example/v1", 1],
    ["http://10.0.0.7:4318", 1],
    ["http://[2001:db8::1]:4318", 1],
    ["http://localhost.evil.example:4318", 1],
    ["https://otlp.us.vendor.example/v1", 0],
    ["http://localhost:4318", 0],
    ["http://LOCALHOST.:4318", 0],
    ["http://collector.localhost:4318", 0],
    ["http://127.0.0.1:4318", 0],
    ["http://127.8.9.10:4318", 0],
    ["http://[::1]:4318", 0],
    ["http://[::ffff:127.0.0.1]:4318", 0],
  ])("%s → %d warning(s)", async (endpoint, count) => {
    const result = await loadVariant({ "sinks.yaml": [[SINK, `endpoint: ${endpoint}`]] });
    const found = findingsOf(result, "contract/insecure-endpoint");
    expect(found).toHaveLength(count);
    // A warning: the set still loads, and nothing else is reported.
    expect(result.set).toBeDefined();
    expect(result.findings).toHaveLength(count);
    if (count) {
      expect(found[0]).toMatchObject({ subject: "sinks.yaml[1]#/endpoint", line: 12, column: 11 });
      expect(result.findings[0]!.severity).toBe("warning");
    }
  });
  test("loopback is 127.0.0.0/8, ::1 and localhost names only", () => {
    expect(["localhost", "a.localhost", "127.0.0.1", "127.255.255.254", "[::1]", "::ffff:7f00:1"].every(isLoopback)).toBe(true);
    expect(["128.0.0.1", "0.0.0.0", "[::]", "localhost.example", "mylocalhost", "10.0.0.1", "::ffff:a00:1"].some(isLoopback)).toBe(false);
  });
});
