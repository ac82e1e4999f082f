/**
 * SDK entry points in code that export by configuration: `new NodeSDK({…})` with no trace
 * exporter or span processors of its own (it then builds OTLP exporters from OTEL_* variables),
 * and an `import`/`require` of `@opentelemetry/auto-instrumentations-node/register`.
 */
import type ts from "typescript";
import type { ScanContext } from "./context.js";
import { objectLiteral, otelConstructor } from "./exporters.js";

export interface SdkSite {
  readonly className: string;
  readonly node: ts.Node;
  /** Why what it exports escapes the generated wrapper, in words. */
  readonly why: string;
  readonly byName: boolean;
}

const TRACE_OPTIONS = ["traceExporter", "spanProcessor", "spanProcessors"];

/** A module whose loading starts the SDK from the environment. */
export function isSdkRegisterModule(spec: string): boolean {
  return /^@opentelemetry\/(?:auto-instrumentations-[a-z]+|sdk-node)(?:\/.*)?\/register(?:\.js)?$/.test(spec);
}

/** `new NodeSDK(config)` whose traces go where the environment says. */
export function nodeSdkOf(ctx: ScanContext, node: ts.NewExpression): SdkSite | undefined {
  const t = ctx.ts;
  const otel = otelConstructor(ctx, node, (className) => className === "NodeSDK");
  if (!otel) return undefined;
  const { fromOtel } = otel;
  const config = node.arguments?.[0];
  const obj = config && objectLiteral(ctx, config);
  const byName = !fromOtel;
  if (!config) return { className: "NodeSDK", node, why: "is given no configuration", byName };
  if (!obj) return { className: "NodeSDK", node, why: `is given a configuration cordon cannot read (\`${config.getText().slice(0, 40)}\`)`, byName };
  const has = (key: string) =>
    obj.properties.some((p) => p.name !== undefined && (t.isIdentifier(p.name) || t.isStringLiteral(p.name)) && p.name.text === key);
  if (obj.properties.some((p) => t.isSpreadAssignment(p))) return undefined;
  if (TRACE_OPTIONS.some(has)) return undefined;
  return { className: "NodeSDK", node, why: "is given no traceExporter or spanProcessors", byName };
}


/** `import "@opentelemetry/auto-instrumentations-node/register"`, `require(…)`, `import(…)` of it. */
export function registerImportOf(ctx: ScanContext, node: ts.Node): SdkSite | undefined {
  const t = ctx.ts;
  let spec: ts.Expression | undefined;
  if (t.isImportDeclaration(node)) spec = node.moduleSpecifier;
  else if (t.isCallExpression(node)) {
    const isRequire = t.isIdentifier(node.expression) && node.expression.text === "require";
    if (isRequire || node.expression.kind === t.SyntaxKind.ImportKeyword) spec = node.arguments[0];
  }
  if (!spec || !t.isStringLiteralLike(spec) || !isSdkRegisterModule(spec.text)) return undefined;
  return { className: spec.text, node: spec, why: "starts the SDK from OTEL_* environment variables when loaded", byName: false };
}
