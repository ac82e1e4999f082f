/**
 * The one-line live counter: drawn on stderr when it is a terminal (here a real pseudo-terminal
 * from util-linux `script`), never when it is not (every other test reads a pipe).
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, REPO } from "../helpers/cli.js";
import { post } from "./support.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const BATCH = Buffer.from(
  JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] }, scopeSpans: [{ spans: [{ name: "checkout.get_cart" }] }] }],
  }),
);

describe("live counter", () => {
  it.skipIf(!hasScript)("redraws one line on a terminal, and clears it before the report", async () => {
    const command = [process.execPath, CLI, "live-check", "--contracts", join(REPO, "examples/shop/contracts"), "--listen", "127.0.0.1:0", "--until-idle", "0", "--format", "json"]
      .map((w) => `'${w}'`)
      .join(" ");
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const url = await new Promise<string>((resolve) => {
      child.stdout.on("data", () => {
        const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
    });
    await post(`${url}/v1/traces`, BATCH, { "content-type": "application/json" });
    await post(`${url}/stop`, Buffer.alloc(0), {});
    expect(await closed).toBe(0);
    expect(out).toContain("\r\u001b[Kcordon live-check: 1 spans · 0 logs · 0 points · 0 distinct findings");
    expect(out).toMatch(/distinct findings\r\u001b\[K/); // cleared before the report and the summary
  });
});
