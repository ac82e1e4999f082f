/**
 * The fast locator (js-yaml events) and the careful one (`yaml` nodes) must put every node
 * of every document at the same line and column — or the fast one must decline.
 */
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { positionTrees, rangeAt } from "../../contracts/fast-locate.js";
import { lazyIndexedFile, locateExact, type SourceIndex } from "../../contracts/locate.js";
import { REPO } from "../helpers/cli.js";

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split("\n");
  return [before.length, before[before.length - 1]!.length + 1];
}

function isScalarTarget(data: unknown, path: Path, atKey: boolean): boolean {
  if (atKey && typeof path[path.length - 1] === "string") return true;
  let node = data;
  for (const segment of path) node = (node as Record<string | number, unknown>)[segment];
  return node === null || typeof node !== "object";
}

/** Compare both locators on every node of `text`; false when the fast one declined. */
function agree(text: string): boolean {
  const trees = positionTrees(text);
  if (!trees) return false;
  // The careful locator alone: an indexed file without the fast reader's trees.
  const indexed = lazyIndexedFile("f.yaml", text, 64);
  const carefulOnly = {
    path: indexed.path,
    text,
    get lineCounter() {
      return indexed.lineCounter;
    },
    get documents() {
      return indexed.documents;
    },
  };
  const index: SourceIndex = { files: new Map([["f.yaml", carefulOnly]]) };
  const documents = parseAllDocuments(text);
  const docs = Array.isArray(documents) ? documents : [];
  expect(trees.length).toBe(docs.length);
  docs.forEach((doc, d) => {
    for (const path of pathsOf(doc.toJS())) {
      if (path.length === 0) continue;
      for (const atKey of [false, true]) {
        const careful = locateExact(index, { file: "f.yaml", doc: d, path }, { atKey });
        const range = rangeAt(trees[d]!, path, atKey);
        expect(range, `${JSON.stringify(path)} in\n${text}`).toBeDefined();
        const [line, column] = lineCol(text, range![0]);
        const [endLine, endColumn] = lineCol(text, range![1]);
        const where = `${JSON.stringify(path)} atKey=${atKey} in\n${text}`;
        expect({ line, column }, where).toEqual({ line: careful!.line, column: careful!.column });
        // Ends are compared for scalars: `yaml` ends a block collection somewhere among the
        // comments and blank lines after it, the fast locator at its last character.
        if (isScalarTarget(doc.toJS(), path, atKey)) {
          expect({ endLine, endColumn }, where).toEqual({ endLine: careful!.endLine ?? line, endColumn: careful!.endColumn ?? column });
        }
      }
    }
  });
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

describe("fast locator", () => {
  it("agrees with the careful locator on every node of the examples and fixtures", () => {
    const files = [...yamlFiles(join(REPO, "examples")), ...yamlFiles(join(REPO, "test/fixtures/spec-examples"))];
    let fast = 0;
    for (const file of files) if (agree(readFileSync(file, "utf8"))) fast++;
    // The examples are plain contracts: nearly all must take the fast path.
    expect(fast).toBeGreaterThan(files.length * 0.8);
  });

  it("agrees on random documents in block and flow styles", () => {
    const key = fc.oneof(fc.constantFrom("a", "user.email", "__proto__", "x y", "1"), fc.string({ minLength: 1, maxLength: 6 }));
    const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constantFrom("15m", "*", "a # b", "eu-west-1"));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, scalar, tie("array"), tie("object")),
      array: fc.array(tie("value"), { minLength: 1, maxLength: 3 }),
      object: fc.dictionary(key, tie("value"), { minKeys: 1, maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), fc.constantFrom(false, true), fc.integer({ min: 2, max: 4 }), (doc, flow, indent) => {
        agree(stringify(doc, { collectionStyle: flow ? "flow" : "any", indent }));
      }),
      { numRuns: 1500 },
    );
  });

  it("declines what it cannot vouch for", () => {
    for (const text of ["a: &x 1\nb: *x\n", "a:\n", "a: [1, 2\n", "? a\n: 1\n"]) expect(positionTrees(text), text).toBeUndefined();
  });
});
