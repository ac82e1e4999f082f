/**
 * Test support for live-check: the real CLI as a separate process (listening on a free port,
 * stopped with POST /stop), and plain HTTP requests to it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { CLI, REPO } from "../helpers/cli.js";

export interface LiveProcess {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The process id (to signal it). */
  readonly pid: number;
  /** POST /stop and wait for the process to exit. */
  stop(): Promise<LiveExit>;
  /** Wait for the process to exit by itself. */
  exited: Promise<LiveExit>;
}

export interface LiveExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Start `cordon live-check --listen 127.0.0.1:0 …args` and wait until it listens. */
export async function startLiveCheck(args: readonly string[], cwd: string = REPO): Promise<LiveProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI, "live-check", "--listen", "127.0.0.1:0", ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<LiveExit>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(stderr);
      if (match) resolve(match[1]!);
    };
    child.stderr.on("data", look);
    void exited.then((exit) => reject(new Error(`live-check exited ${exit.code} before listening: ${exit.stderr}`)));
  });
  return {
    url,
    pid: child.pid!,
    exited,
    stop: async () => {
      await post(`${url}/stop`, Buffer.alloc(0), {});
      return exited;
    },
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** One HTTP POST (a fresh connection each time). */
export function post(url: string, body: Buffer, headers: Record<string, string>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { ...headers, "content-length": String(body.length) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The line (1-based) of the first line of `text` that contains `needle` after the line containing `after`. */
export function lineOf(text: string, needle: string, after = ""): number {
  const lines = text.split("\n");
  const start = after === "" ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= start && line.includes(needle));
  if (start < 0 || index < 0) throw new Error(`no line with ${needle} after ${after}`);
  return index + 1;
}
