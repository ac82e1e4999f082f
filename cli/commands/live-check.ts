/**
 * `cordon live-check`: the contract against the telemetry a running service really emits.
 * Starts the OTLP/HTTP receiver, stops on SIGINT/SIGTERM, `POST /stop`, `--until-idle` or
 * `--max-time`, then prints in the `check` formats and exits like `check` (0/1/2).
 */
import { resolve } from "node:path";
import { loadContractSet } from "../../contracts/load.js";
import { contractFailure, exitCodeOf } from "../../compiler/check.js";
import { formatResult, type OutputFormat } from "../../compiler/format/index.js";
import { DEFAULT_FINDING_LIMIT, runLiveCheck, toLiveJson } from "../../compiler/live/index.js";
import { asOfDate, assertWritableOut, emit, usageProblem, useColor, UsageError, withSourcesOf } from "../shared/options.js";
import { VERSION } from "../version.js";

export interface LiveCheckFlags {
  contracts?: string;
  listen?: string;
  sink?: string;
  untilIdle?: string;
  maxTime?: string;
  maxFindings?: string;
  format?: OutputFormat;
  out?: string;
  strict?: boolean;
  asOf?: string;
}

/** `HOST:PORT` (`[::1]:4318` for IPv6). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || port > 65535) throw new UsageError(`--listen takes HOST:PORT (e.g. 127.0.0.1:4318), got ${JSON.stringify(value)}`);
  return { host: match[1] ?? match[2]!, port };
}

function seconds(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 31 * 24 * 3600) {
    throw new UsageError(`${flag} takes a number of seconds, got ${JSON.stringify(value)}`);
  }
  return n;
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError(`${flag} takes a whole number from 1 to 1000000, got ${JSON.stringify(value)}`);
  return n;
}

export async function run(options: LiveCheckFlags): Promise<number> {
  try {
    const cwd = process.cwd();
    const asOf = asOfDate(options.asOf);
    const { host, port } = parseListen(options.listen ?? "127.0.0.1:4318");
    const untilIdle = seconds("--until-idle", options.untilIdle, 30)!;
    const maxTime = seconds("--max-time", options.maxTime, undefined);
    const findingLimit = positiveInteger("--max-findings", options.maxFindings, DEFAULT_FINDING_LIMIT);
    const format = options.format ?? "text";
    const strict = options.strict === true;
    const root = resolve(cwd, options.contracts ?? "contracts");
    // Refused before listening, not after a session's traffic has been received and lost.
    await assertWritableOut(options.out, root);

    const loaded = await loadContractSet(root);
    if (!loaded.set || loaded.findings.some((f) => f.rule.startsWith("contract/") && f.severity === "error")) {
      const result = contractFailure(root, loaded.findings, await withSourcesOf(loaded.findings, new Map(loaded.set?.files.map((f) => [f.path, f.text]) ?? [])));
      await emit(formatResult(result, format, { cwd, version: VERSION, color: format === "text" && options.out === undefined && useColor(), strict, asOf }), options.out, root);
      return 2;
    }
    const set = loaded.set;
    if (options.sink !== undefined && !set.sinks.has(options.sink)) {
      throw new UsageError(`--sink ${options.sink} is not a sink of the contracts (sinks: ${[...set.sinks.keys()].join(", ") || "none"})`);
    }

    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => controller.abort(signal);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const counter = liveCounter();
    let run;
    try {
      run = await runLiveCheck(set, {
        host,
        port,
        ...(options.sink !== undefined ? { sink: options.sink } : {}),
        untilIdle,
        ...(maxTime !== undefined ? { maxTime } : {}),
        asOf,
        findingLimit,
        signal: controller.signal,
        onListening: (address) =>
          process.stderr.write(
            `cordon live-check: listening on http://${address}${options.sink ? ` as sink ${options.sink}` : ""} ` +
              `(stops on Ctrl-C, POST /stop${untilIdle > 0 ? `, ${untilIdle}s without data` : ""}${maxTime !== undefined ? `, after ${maxTime}s` : ""})\n`,
          ),
        onData: counter.update,
      });
    } finally {
      counter.end();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }

    const exitCode = exitCodeOf(run.result, strict);
    const output =
      format === "json"
        ? JSON.stringify(toLiveJson(run, { cwd, version: VERSION, strict, exitCode }), null, 2) + "\n"
        : formatResult(run.result, format, { cwd, version: VERSION, color: format === "text" && options.out === undefined && useColor(), exitCode, strict, asOf });
    await emit(output, options.out, root);
    const { spans, logs, points, requests } = run.counters;
    const { errors, warnings, waived } = run.result.summary;
    process.stderr.write(
      `cordon live-check: stopped (${run.stoppedBy}) after ${requests} requests: ${spans} spans, ${logs} log records, ${points} metric points; ` +
        `${errors} errors, ${warnings} warnings, ${waived} waived${typeof options.out === "string" && options.out !== "" && options.out !== "-" ? `; wrote ${options.out}` : ""}\n`,
    );
    return exitCode;
  } catch (error) {
    const problem = usageProblem(error);
    if (problem !== undefined) {
      process.stderr.write(`cordon live-check: ${problem}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      process.stderr.write(`cordon live-check: cannot listen on ${options.listen ?? "127.0.0.1:4318"} (${code})\n`);
      return 2;
    }
    throw error;
  }
}

/** The one-line counter on stderr, only when it is a terminal; redrawn at most 5 times a second. */
function liveCounter(): { update: (c: { spans: number; logs: number; points: number; findings: number }) => void; end: () => void } {
  if (process.stderr.isTTY !== true) return { update: () => {}, end: () => {} };
  let last = 0;
  let drawn = false;
  return {
    update: ({ spans, logs, points, findings }) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      drawn = true;
      process.stderr.write(`\r\u001b[Kcordon live-check: ${spans} spans · ${logs} logs · ${points} points · ${findings} distinct findings`);
    },
    end: () => {
      if (drawn) process.stderr.write("\r\u001b[K");
    },
  };
}
