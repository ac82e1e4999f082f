/**
 * The attribute types of a generated module: per span, event, log, metric and the resource,
 * an object type whose keys are exactly the declared fields, with their declared value types.
 * The typed helpers add an exactness check on top, so an undeclared key or a wrong value
 * type is a compile error even when the attributes are not a fresh object literal.
 */
import type { AttributeType, Field, Service } from "../../contracts/model.js";
import { withDoc } from "./literal.js";
import type { Statement, TS, TypeNode } from "./ts-api.js";

function valueType(ts: TS, type: AttributeType): TypeNode {
  const f = ts.factory;
  const scalar = (t: string): TypeNode => {
    switch (t) {
      case "string":
        return f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword);
      case "boolean":
        return f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword);
      default:
        return f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
    }
  };
  if (type.endsWith("[]")) {
    return f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, f.createArrayTypeNode(scalar(type.slice(0, -2))));
  }
  return scalar(type);
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

/** `{ "key"?: type; … }` for a list of fields (first declaration of a key wins). */
export function fieldsType(ts: TS, fields: readonly Field[]): TypeNode {
  const f = ts.factory;
  const seen = new Set<string>();
  const members = [];
  for (const field of fields) {
    if (seen.has(field.key)) continue;
    seen.add(field.key);
    const member = f.createPropertySignature(
      [f.createModifier(ts.SyntaxKind.ReadonlyKeyword)],
      f.createStringLiteral(field.key),
      field.required ? undefined : f.createToken(ts.SyntaxKind.QuestionToken),
      valueType(ts, field.type),
    );
    members.push(withDoc(ts, member, fieldDoc(field)));
  }
  return f.createTypeLiteralNode(members);
}

function exportedInterface(ts: TS, name: string, members: { key: string; type: TypeNode; doc?: string }[], doc: string): Statement {
  const f = ts.factory;
  const node = f.createInterfaceDeclaration(
    [f.createModifier(ts.SyntaxKind.ExportKeyword)],
    name,
    undefined,
    undefined,
    members.map((m) => withDoc(ts, f.createPropertySignature(undefined, f.createStringLiteral(m.key), undefined, m.type), m.doc)),
  );
  return withDoc(ts, node, doc);
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

export function attributeTypes(ts: TS, service: Service): Statement[] {
  const f = ts.factory;
  const { telemetry } = service;
  const spans = groupBy(telemetry.spans, (s) => s.name);
  const metrics = groupBy(telemetry.metrics, (m) => m.name);

  const spanMembers = [...spans].map(([name, decls]) => ({
    key: name,
    type: fieldsType(ts, decls.flatMap((d) => d.attributes)),
  }));
  const eventMembers = [...spans]
    .map(([name, decls]) => {
      const events = groupBy(decls.flatMap((d) => d.events), (e) => e.name);
      return {
        key: name,
        type: f.createTypeLiteralNode(
          [...events].map(([event, list]) =>
            f.createPropertySignature(undefined, f.createStringLiteral(event), undefined, fieldsType(ts, list.flatMap((e) => e.attributes))),
          ),
        ),
        count: events.size,
      };
    })
    .filter((m) => m.count > 0);
  const metricMembers = [...metrics].map(([name, decls]) => ({
    key: name,
    type: fieldsType(ts, decls.flatMap((d) => d.attributes)),
    doc: `A ${decls[0]!.instrument}.`,
  }));

  const typeAlias = (name: string, fields: readonly Field[], doc: string): Statement =>
    withDoc(
      ts,
      f.createInterfaceDeclaration(
        [f.createModifier(ts.SyntaxKind.ExportKeyword)],
        name,
        undefined,
        undefined,
        (fieldsType(ts, fields) as import("typescript").TypeLiteralNode).members,
      ),
      doc,
    );

  return [
    exportedInterface(ts, "SpanAttributes", spanMembers, "Attributes of each declared span, by span name."),
    exportedInterface(ts, "EventAttributes", eventMembers, "Attributes of each declared span event, by span name and event name."),
    typeAlias("LogAttributes", telemetry.logs.attributes, "Attributes of log records."),
    exportedInterface(ts, "MetricAttributes", metricMembers, "Attributes of each declared metric, by instrument name."),
    typeAlias("ResourceAttributes", telemetry.resource, "Resource attributes of the service."),
    f.createVariableStatement(
      [f.createModifier(ts.SyntaxKind.ExportKeyword)],
      f.createVariableDeclarationList(
        [
          f.createVariableDeclaration(
            "METRIC_INSTRUMENTS",
            undefined,
            undefined,
            f.createAsExpression(
              f.createObjectLiteralExpression(
                [...metrics].map(([name, decls]) =>
                  f.createPropertyAssignment(f.createStringLiteral(name), f.createStringLiteral(decls[0]!.instrument)),
                ),
                true,
              ),
              f.createTypeReferenceNode("const"),
            ),
          ),
        ],
        ts.NodeFlags.Const,
      ),
    ),
  ];
}
