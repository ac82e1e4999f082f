/** `check` without --src never loads TypeScript (it is what keeps a small check fast). */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/cli.js";

function loadsTypeScript(src: boolean): boolean {
  const script = `
    import { createRequire } from "node:module";
    const { checkAt } = await import("./dist/cli/commands/check.js");
    await checkAt(process.cwd() + "/examples/shop/contracts", { asOf: "2026-11-21", src: ${src}, cwd: process.cwd() });
    const cache = Object.keys(createRequire(import.meta.url).cache);
    console.log(cache.some((path) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(path)));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8" });
  expect(run.stderr).toBe("");
  return run.stdout.trim() === "true";
}

describe("TypeScript is loaded lazily", () => {
  it("not by check without --src", () => {
    expect(loadsTypeScript(false)).toBe(false);
  });
  it("by check --src (so the probe can see it)", () => {
    expect(loadsTypeScript(true)).toBe(true);
  });
});
