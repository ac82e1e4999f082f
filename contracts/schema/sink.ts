import { Type, type Static } from "@sinclair/typebox";
import { Name, RegionId, StringEnum, Strict, header } from "./common.js";

/** SPEC §1.5 */
export const SinkDocument = Strict(
  {
    ...header("Sink"),
    name: Name,
    region: RegionId,
    endpoint: Type.String({ minLength: 1, description: "scheme://host[:port][/path]" }),
    signals: Type.Array(StringEnum(["traces", "logs", "metrics"] as const), { minItems: 1, uniqueItems: true }),
  },
  { title: "cordon Sink" },
);
export type RawSinkDocument = Static<typeof SinkDocument>;
