/**
 * The OTLP/HTTP receiver of `cordon live-check`: `POST /v1/traces`, `/v1/logs`, `/v1/metrics`
 * (under any path prefix, so a sink declared as `https://host/otlp` can be stood in for) and
 * `POST /stop`. It answers as a Collector does — 200 with an empty (or partial-success)
 * Export*ServiceResponse, 400 for a body it cannot read, 413 over the size limit, 415 for a
 * content type or encoding it does not take — and holds memory bounded by its limits: body size,
 * inflated size, connections, bytes buffered at once; slow senders are cut off by the header
 * and request timeouts. Every refusal is counted as a `live/unreadable` finding: what the
 * receiver could not read, the gate did not see.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { bodyFormat, decompress, parseRequest, RequestProblem, responseBody, statusBody, type BodyFormat } from "./decode.js";
import type { LiveInspector } from "./inspect.js";
import { otlpTypes, type OtlpSignal } from "./otlp-schema.js";
import type { FindingTally } from "./tally.js";

export interface ReceiverLimits {
  /** Largest request body accepted, as sent (bytes). */
  readonly maxBodyBytes: number;
  /** Largest body after gzip/deflate (bytes). */
  readonly maxInflatedBytes: number;
  /** Bytes of request bodies held at once, over all connections; past it new bodies get 503. */
  readonly maxBufferedBytes: number;
  readonly maxConnections: number;
  /** A client must send its headers within this time (slowloris). */
  readonly headersTimeoutMs: number;
  /** …and its whole request within this time. */
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: ReceiverLimits = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 128 * 1024 * 1024,
  maxConnections: 128,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

export interface ReceiverEvents {
  /** A request with telemetry was read (for the idle timer and the live counter). */
  onData(): void;
  /** `POST /stop`. */
  onStop(): void;
}

export interface Receiver {
  /** `host:port` actually bound (port 0 → the port chosen). */
  readonly address: string;
  /** Requests answered with 200. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

const SIGNAL_PATH = /\/v1\/(traces|logs|metrics)\/?$/;

export async function startReceiver(
  host: string,
  port: number,
  inspector: LiveInspector,
  tally: FindingTally,
  events: ReceiverEvents,
  limits: ReceiverLimits = DEFAULT_LIMITS,
): Promise<Receiver> {
  const types = otlpTypes();
  let buffered = 0;
  let accepted = 0;

  const refuse = (signal: OtlpSignal | undefined, reason: string, message: string): void => {
    const where = `receiver/${signal ?? "any"}/${reason}`;
    tally.count(`live/unreadable\u0000${where}`, "live/unreadable", "*", () => ({
      rule: "live/unreadable",
      subject: where,
      message: `the receiver refused ${signal ? `${signal} ` : ""}telemetry it could not read: ${message}`,
      hint: "What live-check cannot read it cannot check: send OTLP/HTTP (application/x-protobuf or application/json, gzip or no encoding) within the size limits.",
      at: [],
      service: "*",
    }));
  };

  const answer = (res: ServerResponse, status: number, format: BodyFormat, body: Buffer, close = false): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      "content-type": format === "json" ? "application/json" : "application/x-protobuf",
      "content-length": body.length,
      ...(close ? { connection: "close" } : {}),
    });
    res.end(body);
  };

  const fail = (req: IncomingMessage, res: ServerResponse, format: BodyFormat, signal: OtlpSignal | undefined, problem: RequestProblem): void => {
    // A GET or HEAD (a readiness probe) carries no telemetry: answered as a Collector answers it,
    // but nothing went unseen, so it is no finding. An OPTIONS is a browser exporter's CORS
    // preflight: refusing it refuses the telemetry behind it, which is a finding.
    if (!carriesNoTelemetry(req.method)) refuse(signal, problem.reason, problem.message);
    // A body left unread is not read: answer, then close the connection.
    const unread = !req.complete;
    answer(res, problem.status, format, statusBody(types, format, problem.status, problem.message), unread);
    if (unread) res.on("finish", () => req.socket.destroy());
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0]!;
    const match = SIGNAL_PATH.exec(path);
    const declaredFormat = safeFormat(req.headers["content-type"]);
    if (req.method === "POST" && (path === "/stop" || path.endsWith("/stop"))) {
      answer(res, 200, "json", Buffer.from("{}"), true);
      events.onStop();
      return;
    }
    if (!match) {
      fail(req, res, declaredFormat, undefined, new RequestProblem(404, "not-found", `no OTLP endpoint at ${JSON.stringify(path.slice(0, 80))}: use /v1/traces, /v1/logs or /v1/metrics`));
      return;
    }
    const signal = match[1] as OtlpSignal;
    if (req.method !== "POST") {
      fail(req, res, declaredFormat, signal, new RequestProblem(405, "method-not-allowed", `${String(req.method).slice(0, 10)} is not allowed: OTLP/HTTP uses POST`));
      return;
    }
    let format: BodyFormat;
    try {
      format = bodyFormat(req.headers["content-type"]);
    } catch (error) {
      fail(req, res, declaredFormat, signal, error as RequestProblem);
      return;
    }
    const length = Number(req.headers["content-length"] ?? Number.NaN);
    if (length > limits.maxBodyBytes) {
      fail(req, res, format, signal, new RequestProblem(413, "too-large", `the body (${length} bytes) is over the limit of ${limits.maxBodyBytes} bytes`));
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, limits, () => buffered, (delta) => (buffered += delta));
    } catch (error) {
      if (error instanceof RequestProblem) fail(req, res, format, signal, error);
      else req.socket.destroy();
      return;
    }
    try {
      buffered += body.length;
      const inflated = await decompress(body, req.headers["content-encoding"], limits.maxInflatedBytes);
      const request = parseRequest(types, signal, format, inflated);
      const { rejected } = inspector.inspect(signal, request);
      if (rejected > 0) refuse(signal, "malformed-record", `${rejected} record(s) that were not OTLP objects`);
      accepted++;
      events.onData();
      answer(res, 200, format, responseBody(types, signal, format, rejected, rejected > 0 ? "records that are not OTLP objects were not read" : ""));
    } catch (error) {
      const problem = error instanceof RequestProblem ? error : new RequestProblem(400, `malformed-${format}`, `the body could not be read as ${format}`);
      fail(req, res, format, signal, problem);
    } finally {
      buffered -= body.length;
    }
  };

  const server: Server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Timeouts are enforced by a periodic sweep: make it fine enough for the shortest one.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) answer(res, 500, "json", Buffer.from("{}"), true);
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = 100;
  server.on("drop", () => refuse(undefined, "too-many-connections", `a connection over the limit of ${limits.maxConnections} open connections was closed`));
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const timedOut = error.code === "ERR_HTTP_REQUEST_TIMEOUT" || error.code === "ERR_HTTP_HEADERS_TIMEOUT";
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const reason = timedOut ? "timeout" : tooLarge ? "headers-too-large" : "malformed-http";
    refuse(undefined, reason, timedOut ? "a client did not send its request in time (slow or stalled connection)" : tooLarge ? "request headers over 16 KiB" : "a request that is not valid HTTP/1.1");
    if (socket.writable && !socket.destroyed) {
      const status = timedOut ? "408 Request Timeout" : tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: `${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeFormat(contentType: string | undefined): BodyFormat {
  try {
    return bodyFormat(contentType);
  } catch {
    return "json";
  }
}

/** The whole body, refused with 413 past the limit and 503 when the receiver holds too much already. */
function readBody(req: IncomingMessage, limits: ReceiverLimits, held: () => number, hold: (delta: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let released = false;
    const release = (): void => {
      if (!released) hold(-size);
      released = true;
    };
    const stop = (problem: RequestProblem): void => {
      release();
      req.off("data", onData);
      req.pause();
      reject(problem);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      hold(chunk.length);
      if (size > limits.maxBodyBytes) {
        stop(new RequestProblem(413, "too-large", `the body is over the limit of ${limits.maxBodyBytes} bytes`));
        return;
      }
      if (held() > limits.maxBufferedBytes) {
        stop(new RequestProblem(503, "busy", `the receiver holds more than ${limits.maxBufferedBytes} bytes of bodies at once`));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      release();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on("error", (error) => {
      release();
      reject(error);
    });
    req.on("aborted", () => {
      release();
      reject(new Error("aborted"));
    });
  });
}

function carriesNoTelemetry(method: string | undefined): boolean {
  return method === "GET" || method === "HEAD";
}
