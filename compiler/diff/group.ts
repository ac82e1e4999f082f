/** Grouping helpers the diff formats share. */
import type { TelemetryChange } from "./model.js";

/** Telemetry changes per sink, with the sink's region and jurisdiction as the heading. */
export function bySink(changes: readonly TelemetryChange[]): Map<string, TelemetryChange[]> {
  const groups = new Map<string, TelemetryChange[]>();
  for (const change of changes) {
    const heading = `${change.sink} (${change.region}, ${change.jurisdiction})`;
    const list = groups.get(heading);
    if (list) list.push(change);
    else groups.set(heading, [change]);
  }
  return groups;
}

/** A flow without its ` -> <sink>` tail (the heading names the sink). */
export const flowOrigin = (change: TelemetryChange): string => `${change.service}/${change.where}/${change.key}`;
