import { Type, type Static } from "@sinclair/typebox";
import { Endpoint, Name, RegionId, StringEnum, Strict, described, header } from "./common.js";

/** SPEC §1.5 */
export const SinkDocument = Strict(
  {
    ...header("Sink"),
    name: described(Name, "the sink's name, e.g. eu-collector (services list it in telemetry.sinks)"),
    region: described(RegionId, "the region the sink stores data in: its jurisdiction decides what may go there raw"),
    endpoint: Endpoint,
    signals: Type.Array(StringEnum(["traces", "logs", "metrics"] as const), {
      minItems: 1,
      uniqueItems: true,
      description: "the signals this sink receives: traces, logs, metrics",
    }),
  },
  { title: "cordon Sink", description: "A telemetry destination: where it is and what it receives (SPEC §1.5)." },
);
export type RawSinkDocument = Static<typeof SinkDocument>;
