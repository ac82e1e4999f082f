/**
 * The places of one sink view, grouped the way the Collector sees telemetry: per OTTL context
 * (`span`, `spanevent`, `log`, `datapoint`, `resource`), each with the condition that selects
 * its records and the fields declared there. The split mirrors the generated module's dispatch
 * (compiler/codegen/redactors.ts): a declared span name, event, metric name — or none of them,
 * where every attribute is undeclared.
 */
import type { Signal } from "../../contracts/model.js";
import type { SinkView } from "../flows.js";
import { and, noneOf, ottlString } from "./ottl.js";

export type FieldAt = SinkView["fields"][number];

export type OttlContext = "resource" | "span" | "spanevent" | "log" | "datapoint";

export interface Place {
  readonly context: OttlContext;
  /** The signal whose pipeline carries the place ("resource" travels with every signal). */
  readonly signal: Signal | "resource";
  /** Selects the records of this place within its context; undefined = every record. */
  readonly scope: string | undefined;
  /** Declared fields, first declaration of a key first (later repeats are ignored, as in the runtime). */
  readonly fields: readonly FieldAt[];
  /** Free text whose value the scope fixes, by path (a declared span's or event's `name`). */
  readonly fixed?: Readonly<Record<string, string>>;
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function firstPerKey(fields: readonly FieldAt[]): FieldAt[] {
  const seen = new Set<string>();
  return fields.filter((f) => (seen.has(f.field.key) ? false : (seen.add(f.field.key), true)));
}

const eq = (path: string, value: string): string => `${path} == ${ottlString(value)}`;

function spanPlaces(view: SinkView): Place[] {
  const places: Place[] = [];
  const spanFields = view.fields.filter((f) => f.span !== undefined && f.event === undefined);
  const spanNames = distinct(spanFields.map((f) => f.span!));
  for (const name of spanNames) {
    places.push({ context: "span", signal: "traces", scope: eq("name", name), fields: firstPerKey(spanFields.filter((f) => f.span === name)), fixed: { name } });
  }
  places.push({ context: "span", signal: "traces", scope: noneOf(spanNames.map((n) => eq("name", n))), fields: [] });

  const eventFields = view.fields.filter((f) => f.event !== undefined);
  const eventSpans = distinct(eventFields.map((f) => f.span!));
  for (const spanName of eventSpans) {
    const ofSpan = eventFields.filter((f) => f.span === spanName);
    const events = distinct(ofSpan.map((f) => f.event!));
    for (const event of events) {
      places.push({
        context: "spanevent",
        signal: "traces",
        scope: and(eq("span.name", spanName), eq("name", event)),
        fields: firstPerKey(ofSpan.filter((f) => f.event === event)),
        fixed: { name: event },
      });
    }
    places.push({
      context: "spanevent",
      signal: "traces",
      scope: and(eq("span.name", spanName), noneOf(events.map((e) => eq("name", e)))),
      fields: [],
    });
  }
  places.push({ context: "spanevent", signal: "traces", scope: noneOf(eventSpans.map((n) => eq("span.name", n))), fields: [] });
  return places;
}

function metricPlaces(view: SinkView): Place[] {
  const metricFields = view.fields.filter((f) => f.metric !== undefined);
  const names = distinct(metricFields.map((f) => f.metric!));
  return [
    ...names.map((name): Place => ({
      context: "datapoint",
      signal: "metrics",
      scope: eq("metric.name", name),
      fields: firstPerKey(metricFields.filter((f) => f.metric === name)),
    })),
    { context: "datapoint", signal: "metrics", scope: noneOf(names.map((n) => eq("metric.name", n))), fields: [] },
  ];
}

/** Every place of the view whose signal the sink receives from this service. */
export function placesOf(view: SinkView): Place[] {
  const places: Place[] = [
    { context: "resource", signal: "resource", scope: undefined, fields: firstPerKey(view.fields.filter((f) => f.where === "resource")) },
  ];
  if (view.signals.includes("traces")) places.push(...spanPlaces(view));
  if (view.signals.includes("logs")) {
    places.push({ context: "log", signal: "logs", scope: undefined, fields: firstPerKey(view.fields.filter((f) => f.where === "log")) });
  }
  if (view.signals.includes("metrics")) places.push(...metricPlaces(view));
  return places;
}
