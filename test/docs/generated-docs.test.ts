/**
 * The committed docs are what the generators make from the rules' docs and the JSON
 * Schema: this fails when they drift. Regenerate with
 *   UPDATE_DOCS=1 npx vitest run test/docs/generated-docs.test.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractReference } from "../../compiler/docs/contract-reference.js";
import { ruleTable, rulesReference } from "../../compiler/docs/rules.js";
import { allRules } from "../../compiler/rules/index.js";
import { editorSchema } from "../../contracts/schema/index.js";
import { REPO } from "../helpers/cli.js";

const update = process.env.UPDATE_DOCS === "1";

function expectFile(relative: string, expected: string): void {
  const path = join(REPO, relative);
  if (update) writeFileSync(path, expected);
  expect(readFileSync(path, "utf8"), `${relative} is stale: run UPDATE_DOCS=1 npx vitest run test/docs`).toBe(expected);
}

const START = "<!-- rules:start -->";
const END = "<!-- rules:end -->";

describe("generated documentation", () => {
  it("docs/rules.md is rendered from the rules' docs", () => {
    expectFile("docs/rules.md", rulesReference(allRules));
  });

  it("docs/contract-reference.md is rendered from the JSON Schema", () => {
    expectFile("docs/contract-reference.md", contractReference(editorSchema()));
  });

  it("the README's rule list is rendered from the rules' docs", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, "README.md has no rule list markers").toBeGreaterThan(-1);
    const expected = `${readme.slice(0, start + START.length)}\n${ruleTable(allRules)}\n${readme.slice(end)}`;
    expectFile("README.md", expected);
  });

  it("schema/cordon-v1.json (shipped for editors) is `cordon schema`'s output", () => {
    expectFile("schema/cordon-v1.json", JSON.stringify(editorSchema(), null, 2) + "\n");
  });

  it("lists every rule of the registry", () => {
    const reference = rulesReference(allRules);
    for (const rule of allRules) expect(reference).toContain(`### \`${rule.id}\``);
  });
});
