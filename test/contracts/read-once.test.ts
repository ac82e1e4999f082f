/**
 * The loader's speed rests on reading each ordinary file once, with the plain reader
 * (contracts/plain-yaml.ts): these count the calls into js-yaml and `yaml` — work, not time —
 * so a change that sends plain files through a library again, or parses a file twice, fails.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import { REPO, tempDir, VALID } from "./helpers.js";

const { calls, counting } = vi.hoisted(() => {
  const calls = { jsyaml: 0, yaml: 0 };
  /** The library with one method counted into `calls[counter]`. */
  const counting = <L extends object>(library: L, method: keyof L & string, counter: keyof typeof calls): L => {
    const original = library[method] as (...args: unknown[]) => unknown;
    return { ...library, [method]: (...args: unknown[]) => (calls[counter]++, original.apply(library, args)) };
  };
  return { calls, counting };
});

// Both libraries are required on first use through one seam (contracts/yaml-library.ts): count there.
vi.mock("../../contracts/yaml-library.js", async (importOriginal) => {
  const actual = (await importOriginal()) as typeof import("../../contracts/yaml-library.js");
  return {
    ...actual,
    jsYamlLibrary: () => counting(actual.jsYamlLibrary(), "loadAll", "jsyaml"),
    yamlLibrary: () => counting(actual.yamlLibrary(), "parseAllDocuments", "yaml"),
  };
});

beforeEach(() => {
  calls.jsyaml = 0;
  calls.yaml = 0;
});

describe("each contract file is parsed once", () => {
  it("a valid set of ordinary files never reaches js-yaml or yaml", async () => {
    for (const dir of [VALID, join(REPO, "examples", "shop", "contracts")]) {
      const loaded = await loadContractSet(dir);
      expect(loaded.set, dir).toBeDefined();
      expect(loaded.findings, dir).toEqual([]);
    }
    expect(calls).toEqual({ jsyaml: 0, yaml: 0 });
  });

  it("`validate` of ordinary files loads neither `yaml` nor js-yaml (the built CLI, in a process of its own)", () => {
    const script = [
      'import { createRequire } from "node:module";',
      `const { run } = await import(${JSON.stringify(pathToFileURL(join(REPO, "dist", "cli", "commands", "validate.js")).href)});`,
      `const code = await run({ contracts: ${JSON.stringify(join(REPO, "examples", "shop", "contracts"))}, format: "json" });`,
      "const paths = Object.keys(createRequire(import.meta.url).cache);",
      "const count = (name) => paths.filter((path) => path.includes(`/node_modules/${name}/`)).length;",
      'process.stderr.write(JSON.stringify({ code, yaml: count("yaml"), jsyaml: count("js-yaml") }));',
    ].join("\n");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(child.stderr)).toEqual({ code: 0, yaml: 0, jsyaml: 0 });
  });

  it("no loader module imports js-yaml or `yaml` itself: only the seam requires them, on first use", () => {
    // The child above sees only what `require` loaded; a static ESM import would not show in its
    // cache, so the built loader's own import lines are read here too.
    const dir = join(REPO, "dist", "contracts");
    const importers = readdirSync(dir)
      .filter((name) => name.endsWith(".js"))
      .filter((name) => /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["'](?:js-)?yaml["']/.test(readFileSync(join(dir, name), "utf8")));
    expect(importers).toEqual(["yaml-library.js"]);
  });

  describe("a file the plain reader declines is parsed by the next reader only", () => {
    let temp: ReturnType<typeof tempDir>;
    beforeEach(() => {
      temp = tempDir();
      writeFileSync(join(temp.dir, "a.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-1, rto: 1h, rpo: 5m }\n");
    });
    afterEach(() => temp.cleanup());

    it("a block scalar: js-yaml once, yaml never", async () => {
      writeFileSync(join(temp.dir, "b.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - name: tier-2\n    rto: |\n      2h\n    rpo: 5m\n");
      const loaded = await loadContractSet(temp.dir);
      expect(loaded.findings).toEqual([]);
      expect(calls).toEqual({ jsyaml: 1, yaml: 0 });
    });

    it("an anchor: yaml once, js-yaml never", async () => {
      writeFileSync(join(temp.dir, "b.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: &d 2h, rpo: *d }\n");
      const loaded = await loadContractSet(temp.dir);
      expect(loaded.findings).toEqual([]);
      expect(calls).toEqual({ jsyaml: 0, yaml: 1 });
    });

    it("a file with findings is parsed once more with positions, to locate them all", async () => {
      writeFileSync(join(temp.dir, "b.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers:\n  - { name: tier-2, rto: 2h, rpo: 5m, bogus: 1 }\n  - { name: tier-3, rto: 2h, rpo: 5m, other: 1 }\n");
      const loaded = await loadContractSet(temp.dir);
      expect(loaded.findings.map((f) => [f.rule, f.location?.line, f.location?.column])).toEqual([
        ["contract/schema", 4, 39],
        ["contract/schema", 5, 39],
      ]);
      expect(calls).toEqual({ jsyaml: 0, yaml: 1 });
    });
  });
});
