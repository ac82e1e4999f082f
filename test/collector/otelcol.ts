/**
 * The real OpenTelemetry Collector, as built by `.ci/run` from otelcol/ (otelcol/bin/otelcol-cordon):
 * find it, validate a configuration with it, run it on 127.0.0.1 and stop it.
 *
 * Where the binary is missing the Collector tests skip locally and FAIL under CI=true: CI builds
 * it, so a missing binary there is a broken build, never a silent pass.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

export const OTELCOL = resolve(fileURLToPath(new URL("../../otelcol/bin/otelcol-cordon", import.meta.url)));

export const haveCollector = existsSync(OTELCOL);

/** For `describe.skipIf`: skip only outside CI; in CI a missing Collector fails the suite. */
export const skipWithoutCollector = !haveCollector && process.env.CI !== "true";

/** A key the redaction processor accepts (≥ 32 bytes). */
export const HASH_KEY = "cordon-test-hash-key-0123456789abcdef";

export interface Validation {
  readonly ok: boolean;
  readonly output: string;
}

/** `otelcol validate --config FILE`: the Collector's own verdict on a configuration file. */
export function validate(file: string, env: Record<string, string> = { CORDON_HASH_KEY: HASH_KEY }): Validation {
  const run = spawnSync(OTELCOL, ["validate", `--config=file:${file}`], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { ok: run.status === 0, output: `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}` };
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => (socket.destroy(), done(false)));
    socket.connect(port, "127.0.0.1");
  });
}

/**
 * The Collector could not bind a port asked of the kernel a moment before: something else took
 * it meanwhile (another test's listener, or the local end of an outgoing connection, which
 * draws from the same ephemeral range). Not the configuration's fault: try other ports.
 */
/**
 * `config` with every exporter sending OTLP/JSON, uncompressed, to the test's receiver at
 * `<receiverUrl>/<sink>` (the part of the exporter id after `/`), so what each sink gets can be read.
 */
export function exportingTo<C extends { readonly exporters: Readonly<Record<string, object>> }>(config: C, receiverUrl: string): C {
  const exporters = Object.fromEntries(
    Object.entries(config.exporters).map(([id, e]) => [id, { ...e, endpoint: `${receiverUrl}/${id.split("/")[1]}`, encoding: "json", compression: "none" }]),
  );
  return { ...config, exporters };
}

export class PortTaken extends Error {}

/** `127.0.0.1:<port>` addresses for a gateway's OTLP receiver (gatewayConfig's `listen`). */
export interface Listen {
  readonly grpc: string;
  readonly http: string;
}

/**
 * {@link startCollector} on free ports: `configFor` writes the configuration for the ports
 * chosen; where one of them was taken before the Collector bound it, again on others (a few
 * times: a port race, never a configuration the Collector refuses, which throws at once).
 */
export async function startCollectorOnFreePorts(configFor: (listen: Listen) => object, env?: Record<string, string>): Promise<RunningCollector> {
  for (let attempt = 1; ; attempt++) {
    const ports = { grpc: await freePort(), http: await freePort() };
    const listen = { grpc: `127.0.0.1:${ports.grpc}`, http: `127.0.0.1:${ports.http}` };
    try {
      return await startCollector(configFor(listen), ports, env);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5) throw error;
    }
  }
}

export interface RunningCollector {
  /** OTLP/HTTP base URL of the gateway. */
  readonly url: string;
  /** The Collector's own Prometheus metrics (what it dropped, exported, …). */
  readonly metricsUrl: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/**
 * Run the Collector with `config` (an object from gatewayConfig), its OTLP receiver on the
 * given ports and its own metrics on another, until stop(). Resolves when the HTTP receiver accepts.
 */
export async function startCollector(
  config: object,
  ports: { grpc: number; http: number },
  env: Record<string, string> = { CORDON_HASH_KEY: HASH_KEY },
): Promise<RunningCollector> {
  const dir = await mkdtemp(join(tmpdir(), "cordon-otelcol-"));
  const metricsPort = await freePort();
  const withTelemetry = {
    ...config,
    service: {
      ...(config as { service: object }).service,
      telemetry: {
        logs: { level: "warn" },
        metrics: { level: "detailed", readers: [{ pull: { exporter: { prometheus: { host: "127.0.0.1", port: metricsPort } } } }] },
      },
    },
  };
  const file = join(dir, "otelcol.yaml");
  await writeFile(file, stringify(withTelemetry, { lineWidth: 0 }));
  let output = "";
  const child: ChildProcess = spawn(OTELCOL, [`--config=file:${file}`], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) {
      await rm(dir, { recursive: true, force: true });
      throw new (/address already in use/.test(output) ? PortTaken : Error)(`the Collector exited (${child.exitCode}):\n${output}`);
    }
    if (await accepts(ports.http)) break;
    await new Promise((r) => setTimeout(r, 100));
    if (i === 599) throw new Error(`the Collector did not open 127.0.0.1:${ports.http}:\n${output}`);
  }
  return {
    url: `http://127.0.0.1:${ports.http}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
