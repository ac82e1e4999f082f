/**
 * The semantic-conventions table the scanner falls back on without node_modules is generated
 * from the installed @opentelemetry/semantic-conventions (scripts/semconv-table.mjs), never
 * written by hand: this fails when the package is upgraded and the table is not regenerated.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SEMCONV_JSON, SEMCONV_VERSION } from "../../compiler/source/semconv-table.js";

const repo = resolve(import.meta.dirname, "../..");

describe("the generated semantic-conventions table", () => {
  it("is what the generator writes from the installed package (no drift)", () => {
    const r = spawnSync(process.execPath, ["scripts/semconv-table.mjs", "--check"], { cwd: repo, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("holds every ATTR_* of the installed package with its value, stable and incubating", () => {
    const require = createRequire(resolve(repo, "package.json"));
    const table = new Map(Object.entries(JSON.parse(SEMCONV_JSON) as Record<string, string>));
    const stable = require("@opentelemetry/semantic-conventions") as Record<string, unknown>;
    const incubating = require("@opentelemetry/semantic-conventions/incubating") as Record<string, unknown>;
    for (const mod of [stable, incubating]) {
      for (const [name, value] of Object.entries(mod)) {
        if (/^ATTR_/.test(name) && typeof value === "string") expect(table.get(name), name).toBe(value);
      }
    }
    expect(table.get("SemanticAttributes.HTTP_METHOD")).toBe("http.method");
    expect(table.has("HTTP_REQUEST_METHOD_VALUE_GET")).toBe(false); // enum values are not keys
    expect(SEMCONV_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
