/**
 * `cordon live-check` as a function: compile the contract set into live checks, receive OTLP
 * until told to stop (POST /stop, an abort signal, `untilIdle` seconds without data, `maxTime`),
 * and hand back the run for the `check` formats.
 */
import type { ContractSet } from "../../contracts/model.js";
import { LiveInspector } from "./inspect.js";
import { compileLiveModel } from "./model.js";
import { DEFAULT_LIMITS, startReceiver, type ReceiverLimits } from "./receiver.js";
import { liveRun, type LiveRun } from "./result.js";
import { DEFAULT_FINDING_LIMIT, FindingTally } from "./tally.js";

export { toLiveJson, type LiveJsonReport, type LiveRun, type ServiceCoverage } from "./result.js";
export { DEFAULT_LIMITS, type ReceiverLimits } from "./receiver.js";
export { DEFAULT_FINDING_LIMIT } from "./tally.js";

export interface LiveCheckOptions {
  readonly host: string;
  readonly port: number;
  /** Stand in for this sink (`live/leak`). */
  readonly sink?: string;
  /** Stop after this many seconds without data (0: never). */
  readonly untilIdle: number;
  /** Stop after this many seconds in all (undefined: never). */
  readonly maxTime?: number;
  /** YYYY-MM-DD waivers are judged against. */
  readonly asOf: string;
  readonly limits?: Partial<ReceiverLimits>;
  /** Distinct findings kept (more are counted in one entry per rule and service). */
  readonly findingLimit?: number;
  /** Aborting it stops the receiver (SIGINT/SIGTERM in the CLI). */
  readonly signal?: AbortSignal;
  /** Called once listening, with the bound `host:port`. */
  readonly onListening?: (address: string) => void;
  /** Called after each request with telemetry (the live counter). */
  readonly onData?: (counters: { spans: number; logs: number; points: number; findings: number }) => void;
}

export async function runLiveCheck(set: ContractSet, options: LiveCheckOptions): Promise<LiveRun> {
  const model = compileLiveModel(set, options.sink);
  const tally = new FindingTally(options.findingLimit ?? DEFAULT_FINDING_LIMIT);
  const inspector = new LiveInspector(model, tally);

  let stop!: (reason: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  let idleTimer: NodeJS.Timeout | undefined;
  const idle = (): void => {
    if (options.untilIdle <= 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop(`idle for ${options.untilIdle}s`), options.untilIdle * 1000);
  };

  const receiver = await startReceiver(
    options.host,
    options.port,
    inspector,
    tally,
    {
      onData: () => {
        idle();
        options.onData?.({ ...inspector.counters, findings: tally.size });
      },
      onStop: () => stop("POST /stop"),
    },
    { ...DEFAULT_LIMITS, ...options.limits },
  );
  options.onListening?.(receiver.address);
  idle();
  const maxTimer = options.maxTime !== undefined ? setTimeout(() => stop(`--max-time ${options.maxTime}s`), options.maxTime * 1000) : undefined;
  const onAbort = (): void => stop(String(options.signal?.reason ?? "signal"));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const stoppedBy = await stopped;
  clearTimeout(idleTimer);
  clearTimeout(maxTimer);
  options.signal?.removeEventListener("abort", onAbort);
  await receiver.close();
  return liveRun(model, inspector, tally, options.asOf, { requests: receiver.accepted(), stoppedBy });
}
