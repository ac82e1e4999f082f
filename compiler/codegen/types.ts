/**
 * The attribute types of a generated module: per span, event, log, metric and the resource,
 * an object type whose keys are exactly the declared fields, with their declared value types.
 * The typed helpers add an exactness check on top, so an undeclared key or a wrong value
 * type is a compile error even when the attributes are not a fresh object literal.
 */
import type { AttributeType, Field, Service } from "../../contracts/model.js";
import { indent } from "./emit.js";
import { docLines, str } from "./literal.js";

function valueType(type: AttributeType): string {
  const scalar = (t: string) => (t === "string" ? "string" : t === "boolean" ? "boolean" : "number");
  return type.endsWith("[]") ? `readonly ${scalar(type.slice(0, -2))}[]` : scalar(type);
}

function fieldDoc(field: Field): string {
  const lines: string[] = [];
  if (field.brief) lines.push(field.brief, "");
  lines.push(`Class \`${field.class}\`, type \`${field.type}\`${field.required ? ", required" : ""}.`);
  if (field.examples && field.examples.length > 0) {
    lines.push(`Examples: ${field.examples.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  return lines.join("\n");
}

/** The members of `{ "key"?: type; … }` for a list of fields (first declaration of a key wins), each with its doc. */
function fieldMembers(fields: readonly Field[]): string[] {
  const seen = new Set<string>();
  const members: string[] = [];
  for (const field of fields) {
    if (seen.has(field.key)) continue;
    seen.add(field.key);
    members.push(...docLines(fieldDoc(field), ""), `readonly ${str(field.key)}${field.required ? "" : "?"}: ${valueType(field.type)};`);
  }
  return members;
}

/** `{ … }` spanning lines, or `{}`. */
function typeLiteral(members: readonly string[]): string[] {
  return members.length === 0 ? ["{}"] : ["{", ...indent(members), "}"];
}

/** `"key": <type lines>;` */
function member(key: string, type: readonly string[], doc?: string): string[] {
  const [first, ...rest] = type;
  const lines = [`${str(key)}: ${first}`, ...rest];
  lines[lines.length - 1] += ";";
  return [...docLines(doc, ""), ...lines];
}

function exportedInterface(name: string, members: readonly string[], doc: string): string[] {
  return [...docLines(doc, ""), `export interface ${name} ${members.length === 0 ? "{}" : ["{", ...indent(members), "}"].join("\n")}`];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The module's type declarations, as lines. */
export function attributeTypes(service: Service): string[] {
  const { telemetry } = service;
  const spans = groupBy(telemetry.spans, (s) => s.name);
  const metrics = groupBy(telemetry.metrics, (m) => m.name);

  const spanMembers = [...spans].flatMap(([name, decls]) => member(name, typeLiteral(fieldMembers(decls.flatMap((d) => d.attributes)))));
  const eventMembers = [...spans].flatMap(([name, decls]) => {
    const events = groupBy(decls.flatMap((d) => d.events), (e) => e.name);
    if (events.size === 0) return [];
    const members = [...events].flatMap(([event, list]) => member(event, typeLiteral(fieldMembers(list.flatMap((e) => e.attributes)))));
    return member(name, typeLiteral(members));
  });
  const metricMembers = [...metrics].flatMap(([name, decls]) =>
    member(name, typeLiteral(fieldMembers(decls.flatMap((d) => d.attributes))), `A ${decls[0]!.instrument}.`),
  );
  const instruments = [...metrics].map(([name, decls]) => `${str(name)}: ${str(decls[0]!.instrument)},`);

  return [
    ...exportedInterface("SpanAttributes", spanMembers, "Attributes of each declared span, by span name."),
    "",
    ...exportedInterface("EventAttributes", eventMembers, "Attributes of each declared span event, by span name and event name."),
    "",
    ...exportedInterface("LogAttributes", fieldMembers(telemetry.logs.attributes), "Attributes of log records."),
    "",
    ...exportedInterface("MetricAttributes", metricMembers, "Attributes of each declared metric, by instrument name."),
    "",
    ...exportedInterface("ResourceAttributes", fieldMembers(telemetry.resource), "Resource attributes of the service."),
    "",
    `export const METRIC_INSTRUMENTS = ${instruments.length === 0 ? "{}" : ["{", ...indent(instruments), "}"].join("\n")} as const;`,
  ].flatMap((line) => line.split("\n"));
}
