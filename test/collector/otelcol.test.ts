/**
 * The harness itself: a port taken between asking the kernel for it and the Collector binding it
 * (another test's listener, the local end of an outgoing connection) starts the Collector again
 * on other ports instead of failing the test that wanted it; a configuration the Collector
 * refuses still fails at once.
 */
import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { skipWithoutCollector, startCollectorOnFreePorts, type Listen } from "./otelcol.js";

const MINIMAL = (listen: Listen) => ({
  receivers: { otlp: { protocols: { grpc: { endpoint: listen.grpc }, http: { endpoint: listen.http } } } },
  exporters: { otlp_http: { endpoint: "http://127.0.0.1:9" } },
  service: { pipelines: { traces: { receivers: ["otlp"], exporters: ["otlp_http"] } } },
});

async function holdPort(): Promise<{ server: Server; address: string }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, address: `127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe.skipIf(skipWithoutCollector)("startCollectorOnFreePorts", () => {
  it("starts the Collector on other ports when one it was given is taken", async () => {
    const held = await holdPort();
    const asked: Listen[] = [];
    try {
      // the first attempt's gRPC port is one somebody holds, as a port taken meanwhile would be
      const gateway = await startCollectorOnFreePorts((listen) => {
        asked.push(listen);
        return MINIMAL(asked.length === 1 ? { ...listen, grpc: held.address } : listen);
      });
      await gateway.stop();
      expect(asked.length).toBe(2);
    } finally {
      held.server.close();
    }
  }, 60_000);

  it("fails at once on a configuration the Collector refuses", async () => {
    let attempts = 0;
    await expect(
      startCollectorOnFreePorts((listen) => {
        attempts++;
        // a pipeline naming an exporter that is not configured
        const config = MINIMAL(listen);
        return { ...config, service: { pipelines: { traces: { receivers: ["otlp"], exporters: ["otlp_http/missing"] } } } };
      }),
    ).rejects.toThrow(/the Collector exited/);
    expect(attempts).toBe(1);
  }, 60_000);
});
