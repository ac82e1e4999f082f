/**
 * The command's surface: how it stops (POST /stop, SIGTERM, --max-time), usage errors and bad
 * contracts (exit 2, no stack trace), a busy port, and names off the wire that are printed
 * only when they look like names.
 */
import { createServer } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cordon, REPO } from "../helpers/cli.js";
import { post, startLiveCheck } from "./support.js";

const SHOP = join(REPO, "examples", "shop", "contracts");

function spans(service: string, name: string, attributes: { key: string; value: unknown }[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] }, scopeSpans: [{ spans: [{ name, attributes }] }] }],
    }),
  );
}

describe("cordon live-check", () => {
  it("stops on SIGTERM and reports what it received", async () => {
    const live = await startLiveCheck(["--contracts", SHOP, "--format", "json", "--until-idle", "0"]);
    await post(`${live.url}/v1/traces`, spans("checkout", "checkout.get_cart", [{ key: "cart.items", value: { intValue: "1" } }]), { "content-type": "application/json" });
    process.kill(live.pid, "SIGTERM");
    const exit = await live.exited;
    expect(exit.code).toBe(0);
    expect(JSON.parse(exit.stdout).receiver).toMatchObject({ spans: 1, stoppedBy: "SIGTERM" });
  });

  it("stops by itself after --max-time, with nothing received: exit 0", () => {
    const run = cordon(["live-check", "--contracts", SHOP, "--listen", "127.0.0.1:0", "--max-time", "0.2", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [], receiver: { stoppedBy: "--max-time 0.2s", spans: 0 } });
    expect(run.stderr).toContain("stopped (--max-time 0.2s)");
  });

  it("stops after --until-idle seconds without data", () => {
    const run = cordon(["live-check", "--contracts", SHOP, "--listen", "127.0.0.1:0", "--until-idle", "0.2", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).receiver.stoppedBy).toBe("idle for 0.2s");
  });

  it("prints names that do not look like names as `redacted`", async () => {
    const live = await startLiveCheck(["--contracts", SHOP, "--format", "json", "--until-idle", "0"]);
    await post(
      `${live.url}/v1/traces`,
      spans("checkout", "checkout.place_order", [
        { key: "jane.doe@example.com", value: { stringValue: "a" } },
        { key: `k${"x".repeat(300)}`, value: { stringValue: "b" } },
        { key: "bad\u0007key", value: { stringValue: "c" } },
      ]),
      { "content-type": "application/json" },
    );
    await post(`${live.url}/v1/traces`, spans("4111 1111 1111 1111", "x", []), { "content-type": "application/json" });
    const exit = await live.stop();
    const subjects = JSON.parse(exit.stdout).findings.map((f: { subject: string }) => f.subject);
    expect(subjects).toContain("checkout/span:checkout.place_order/redacted");
    expect(subjects).toContain("redacted"); // the unknown service's name
    expect(exit.stdout).not.toContain("jane.doe@example.com");
    expect(exit.stdout).not.toContain("4111 1111 1111 1111");
    expect(exit.stdout).not.toContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  });

  it.each([
    [["--listen", "nowhere"], "--listen takes HOST:PORT"],
    [["--listen", "127.0.0.1:0", "--until-idle", "soon"], "--until-idle takes a number of seconds"],
    [["--listen", "127.0.0.1:0", "--max-findings", "0"], "--max-findings takes a whole number"],
    [["--listen", "127.0.0.1:0", "--sink", "nowhere"], "--sink nowhere is not a sink"],
    [["--listen", "127.0.0.1:0", "--format", "yaml"], "yaml"],
  ])("refuses %j with exit 2", (args, message) => {
    const run = cordon(["live-check", "--contracts", SHOP, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for contracts that do not validate, before listening", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cordon-live-"));
    try {
      await writeFile(join(dir, "bad.yaml"), "apiVersion: cordon/v1\nkind: Sink\nname: x\n");
      const run = cordon(["live-check", "--contracts", dir, "--listen", "127.0.0.1:0", "--format", "json"]);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).findings[0].rule).toMatch(/^contract\//);
      expect(run.stderr).not.toContain("listening");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 when the address is taken", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const run = cordon(["live-check", "--contracts", SHOP, "--listen", `127.0.0.1:${port}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("EADDRINUSE");
    } finally {
      server.close();
    }
  });
});
