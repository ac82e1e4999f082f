/** A minimal OTLP/HTTP JSON receiver on 127.0.0.1 (random port) that records what arrives. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly path: string;
  readonly raw: string;
  readonly body: unknown;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      received.push({ path: req.url ?? "", raw, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
  kvlistValue?: { values?: { key: string; value: OtlpValue }[] };
};

export function decodeValue(value: OtlpValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(decodeValue);
  if (value.kvlistValue !== undefined) return decodeAttributes(value.kvlistValue.values);
  return undefined;
}

export function decodeAttributes(list: { key: string; value: OtlpValue }[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const { key, value } of list ?? []) out[key] = decodeValue(value);
  return out;
}

export interface DecodedSpan {
  name: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown>;
  status?: { message?: string };
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export function spansOf(received: readonly Received[]): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  for (const r of received) {
    for (const rs of (r.body as any)?.resourceSpans ?? []) {
      const resource = decodeAttributes(rs.resource?.attributes);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          out.push({
            name: s.name,
            attributes: decodeAttributes(s.attributes),
            events: (s.events ?? []).map((e: any) => ({ name: e.name, attributes: decodeAttributes(e.attributes) })),
            resource,
            status: s.status,
          });
        }
      }
    }
  }
  return out;
}

export interface DecodedLog {
  body: unknown;
  attributes: Record<string, unknown>;
}

export function logsOf(received: readonly Received[]): DecodedLog[] {
  const out: DecodedLog[] = [];
  for (const r of received) {
    for (const rl of (r.body as any)?.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const l of sl.logRecords ?? []) out.push({ body: decodeValue(l.body), attributes: decodeAttributes(l.attributes) });
      }
    }
  }
  return out;
}

export interface DecodedPoint {
  metric: string;
  attributes: Record<string, unknown>;
  value: number;
}

export function pointsOf(received: readonly Received[]): DecodedPoint[] {
  const out: DecodedPoint[] = [];
  for (const r of received) {
    for (const rm of (r.body as any)?.resourceMetrics ?? []) {
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const points = m.sum?.dataPoints ?? m.gauge?.dataPoints ?? m.histogram?.dataPoints ?? [];
          for (const p of points) {
            const value = p.asDouble ?? (p.asInt !== undefined ? Number(p.asInt) : Number(p.count ?? 0));
            out.push({ metric: m.name, attributes: decodeAttributes(p.attributes), value });
          }
        }
      }
    }
  }
  return out;
}
