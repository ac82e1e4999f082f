/** A hand-made SinkPlan for runtime tests: traces only, no slots or detectors, spans redacted by `span`. */
import type { SinkPlan } from "../../runtime/index.js";

export function tracesSinkPlan(name: string, span: SinkPlan["redact"]["span"]): SinkPlan {
  return {
    name,
    region: "r",
    endpoint: `http://${name}:1`,
    signals: ["traces"],
    undeclared: "drop",
    slots: [],
    detectors: [],
    redact: {
      span,
      event: () => ({}),
      log: () => ({}),
      metric: () => ({}),
      resource: () => ({}),
    },
  };
}
