import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { validatorsSource } from "../../contracts/schema/standalone.js";

const target = fileURLToPath(new URL("../../contracts/schema/validators.compiled.ts", import.meta.url));

test("the precompiled validators match the schemas", () => {
  const expected = validatorsSource();
  if (process.env.UPDATE_GENERATED === "1") writeFileSync(target, expected);
  expect(readFileSync(target, "utf8") === expected, "stale: run UPDATE_GENERATED=1 npx vitest run test/contracts/validators-compiled.test.ts").toBe(true);
});
