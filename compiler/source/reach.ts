/**
 * Where an exporter goes: does the value reach the generated, region-locked createTelemetry, and
 * does it also go anywhere else?
 *
 * The value is followed upwards through parentheses, object and array literals, conditionals,
 * variables (to every use, in any of the project's files), class members (`this.x`, fields,
 * parameter properties: to every read), a module's default export (to every import of it),
 * helper functions' returns (to every call) and the parameters of the project's own functions. Each path ends in one of three ways:
 * an argument of createTelemetry (the factory), an argument of anything else we cannot see into
 * (a bypass: BatchSpanProcessor, NodeTracerProvider, NodeSDK, a library), or nowhere that matters
 * (`exporter.shutdown()`). An exporter is locked only when some path reaches the factory and no
 * path bypasses it: the same exporter also wired into a plain span processor ships raw data.
 */
import type ts from "typescript";
import { calleeName, isGeneratedModule, isOwnCode, resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { functionName, referencesOf } from "./references.js";

export interface Flow {
  /** Some path ends as an argument of the generated createTelemetry. */
  readonly factory: boolean;
  /** The first call or `new` that receives the value outside the factory, if any. */
  readonly bypass: ts.CallExpression | ts.NewExpression | undefined;
}

const NOWHERE: Flow = { factory: false, bypass: undefined };
const FACTORY: Flow = { factory: true, bypass: undefined };
const MAX_DEPTH = 12;

interface Walk {
  readonly seen: Set<ts.Symbol>;
  readonly depth: number;
}

/** Where the value of `node` (a `new …Exporter(…)`) flows. */
export function flowOf(ctx: ScanContext, node: ts.Expression): Flow {
  return follow(ctx, node, { seen: new Set(), depth: 0 }, false);
}

function merge(a: Flow, b: Flow): Flow {
  return { factory: a.factory || b.factory, bypass: a.bypass ?? b.bypass };
}

function mergeAll(flows: Iterable<Flow>): Flow {
  let out = NOWHERE;
  for (const f of flows) out = merge(out, f);
  return out;
}

/**
 * `contained`: the value is inside an object or array at this point, so reading a property of
 * the container may take it out again (`exporters.debug`); a property read of the exporter
 * itself (`exporter.shutdown()`) uses it where it is.
 */
function follow(ctx: ScanContext, node: ts.Expression, walk: Walk, contained: boolean): Flow {
  const t = ctx.ts;
  if (walk.depth > MAX_DEPTH) return NOWHERE;
  const deeper: Walk = { seen: walk.seen, depth: walk.depth + 1 };
  let cur: ts.Node = node;
  let inside = contained;
  for (;;) {
    const parent: ts.Node = cur.parent;
    if (isTransparent(t, parent, cur)) {
      cur = parent;
      continue;
    }
    if (isContainer(t, parent)) {
      inside = true;
      cur = parent;
      continue;
    }
    // A reference that is a member read (`this.exporter`): the read is the value.
    if (t.isPropertyAccessExpression(parent) && parent.name === cur) {
      cur = parent;
      continue;
    }
    if (inside && (t.isPropertyAccessExpression(parent) || t.isElementAccessExpression(parent)) && parent.expression === cur) {
      cur = parent;
      continue;
    }
    if (t.isCallExpression(parent) || t.isNewExpression(parent)) {
      const index = parent.arguments?.indexOf(cur as ts.Expression) ?? -1;
      if (index < 0) return NOWHERE; // the callee: a method called on the value
      if (t.isCallExpression(parent) && isFactoryCall(ctx, parent)) return FACTORY;
      return intoFunction(ctx, parent, index, deeper, inside) ?? { factory: false, bypass: parent };
    }
    if (t.isVariableDeclaration(parent) && parent.initializer === cur) {
      return bindingFlow(ctx, parent.name, deeper, inside);
    }
    // A class field: `private exporter = new OTLPTraceExporter(…)`, read as `this.exporter`.
    if (t.isPropertyDeclaration(parent) && parent.initializer === cur) {
      return memberFlow(ctx, parent.name, deeper, inside);
    }
    // `export default value`: wherever the module's default export is imported.
    if (t.isExportAssignment(parent) && !parent.isExportEquals) {
      return defaultExportFlow(ctx, parent.getSourceFile(), deeper, inside);
    }
    if (t.isReturnStatement(parent) || (t.isArrowFunction(parent) && parent.body === cur)) {
      const fn = t.isReturnStatement(parent) ? t.findAncestor(parent, t.isFunctionLike) : parent;
      const name = fn && functionName(ctx, fn);
      if (!name) return NOWHERE;
      return mergeAll(
        referencesOf(ctx, name, walk.seen)
          .filter((ref) => t.isCallExpression(ref.parent) && ref.parent.expression === ref)
          .map((ref) => follow(ctx, ref.parent as ts.CallExpression, deeper, inside)),
      );
    }
    if (t.isBinaryExpression(parent) && parent.operatorToken.kind === t.SyntaxKind.EqualsToken && parent.right === cur) {
      const target = skipOuter(ctx, parent.left);
      if (t.isIdentifier(target)) return usesFlow(ctx, target, deeper, inside);
      // `this.exporter = value`: every read of that member carries it.
      if (t.isPropertyAccessExpression(target) && target.expression.kind === t.SyntaxKind.ThisKeyword) {
        return memberFlow(ctx, target.name, deeper, inside);
      }
      // `holder.exporter = value`: the holder now carries it.
      const root = rootIdentifier(ctx, target);
      return root ? usesFlow(ctx, root, deeper, true) : NOWHERE;
    }
    return NOWHERE;
  }
}

function isTransparent(t: ScanContext["ts"], parent: ts.Node, cur: ts.Node): boolean {
  return (
    t.isParenthesizedExpression(parent) ||
    t.isAsExpression(parent) ||
    t.isSatisfiesExpression(parent) ||
    t.isNonNullExpression(parent) ||
    t.isTypeAssertionExpression(parent) ||
    t.isAwaitExpression(parent) ||
    (t.isConditionalExpression(parent) && cur !== parent.condition) ||
    (t.isBinaryExpression(parent) &&
      (parent.operatorToken.kind === t.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === t.SyntaxKind.BarBarToken))
  );
}

function isContainer(t: ScanContext["ts"], parent: ts.Node): boolean {
  return (
    t.isArrayLiteralExpression(parent) ||
    t.isObjectLiteralExpression(parent) ||
    t.isPropertyAssignment(parent) ||
    t.isShorthandPropertyAssignment(parent) ||
    t.isSpreadAssignment(parent) ||
    t.isSpreadElement(parent)
  );
}

function rootIdentifier(ctx: ScanContext, e: ts.Expression): ts.Identifier | undefined {
  let x = e;
  while (ctx.ts.isPropertyAccessExpression(x) || ctx.ts.isElementAccessExpression(x)) x = x.expression;
  return ctx.ts.isIdentifier(x) ? x : undefined;
}

/** `const x = value` or `const { a, b } = value`: every name bound follows the value. */
function bindingFlow(ctx: ScanContext, name: ts.BindingName, walk: Walk, contained: boolean): Flow {
  const t = ctx.ts;
  if (t.isIdentifier(name)) return usesFlow(ctx, name, walk, contained);
  const flows: Flow[] = [];
  for (const el of name.elements) {
    if (t.isBindingElement(el)) flows.push(bindingFlow(ctx, el.name, walk, true));
  }
  return mergeAll(flows);
}

function usesFlow(ctx: ScanContext, name: ts.Identifier, walk: Walk, contained: boolean): Flow {
  return mergeAll(referencesOf(ctx, name, walk.seen).map((ref) => follow(ctx, ref, walk, contained)));
}

/**
 * An argument of one of the project's own functions (or constructors): follow the parameter
 * inside it. Undefined when the callee cannot be seen into (a library, no types).
 */
function intoFunction(
  ctx: ScanContext,
  call: ts.CallExpression | ts.NewExpression,
  index: number,
  walk: Walk,
  contained: boolean,
): Flow | undefined {
  const t = ctx.ts;
  const name = calleeName(ctx, call.expression);
  if (!name || !t.isIdentifier(name)) return undefined;
  let decl: ts.Declaration | undefined = resolvedSymbol(ctx, name)?.valueDeclaration;
  if (decl && t.isClassLike(decl)) decl = decl.members.find(t.isConstructorDeclaration);
  if (decl && t.isVariableDeclaration(decl) && decl.initializer) {
    const init = skipOuter(ctx, decl.initializer);
    if (t.isArrowFunction(init) || t.isFunctionExpression(init)) decl = init;
  }
  if (!decl || !t.isFunctionLike(decl) || !("body" in decl) || !decl.body || !isOwnCode(ctx, decl)) return undefined;
  const param = decl.parameters[index];
  if (!param || param.dotDotDotToken) return undefined;
  // (A parameter property, `constructor(private readonly exporter: …)`, names the member: its
  // references include the `this.exporter` reads.)
  return bindingFlow(ctx, param.name, walk, contained);
}

/**
 * A class member that holds the value (`this.x = value`, a field initializer): follow every
 * `….x` in the project's files that reads the same member (`#private` ones too).
 */
function memberFlow(ctx: ScanContext, name: ts.PropertyName, walk: Walk, contained: boolean): Flow {
  const t = ctx.ts;
  if (!t.isIdentifier(name) && !t.isPrivateIdentifier(name)) return NOWHERE;
  const symbol = ctx.checker.getSymbolAtLocation(name);
  if (!symbol || walk.seen.has(symbol)) return NOWHERE;
  walk.seen.add(symbol);
  const reads: ts.PropertyAccessExpression[] = [];
  for (const sf of ctx.ownFiles) {
    if (!sf.text.includes(name.text)) continue;
    const visit = (n: ts.Node): void => {
      if (t.isPropertyAccessExpression(n) && n.name !== name && n.name.text === name.text && ctx.checker.getSymbolAtLocation(n.name) === symbol) {
        reads.push(n);
      }
      t.forEachChild(n, visit);
    };
    visit(sf);
  }
  return mergeAll(reads.map((read) => follow(ctx, read, walk, contained)));
}

/** The module's default export, at every `import name from "…"` of it in the project's files. */
function defaultExportFlow(ctx: ScanContext, home: ts.SourceFile, walk: Walk, contained: boolean): Flow {
  const t = ctx.ts;
  const moduleSymbol = ctx.checker.getSymbolAtLocation(home);
  const target = moduleSymbol && ctx.checker.getExportsOfModule(moduleSymbol).find((s) => s.escapedName === "default");
  if (!target || walk.seen.has(target)) return NOWHERE;
  walk.seen.add(target);
  const flows: Flow[] = [];
  for (const sf of ctx.ownFiles) {
    for (const statement of sf.statements) {
      const local = t.isImportDeclaration(statement) ? statement.importClause?.name : undefined;
      if (!local || resolvedSymbol(ctx, local) !== target) continue;
      const visit = (n: ts.Node): void => {
        if (t.isIdentifier(n)) {
          if (n !== local && n.text === local.text && resolvedSymbol(ctx, n) === target) flows.push(follow(ctx, n, walk, contained));
          return;
        }
        t.forEachChild(n, visit);
      };
      visit(sf);
    }
  }
  return mergeAll(flows);
}

/**
 * A call of the generated `createTelemetry`. When the callee resolves, it must be declared in a
 * generated module; when it does not (no types, unresolved import), its name decides.
 */
function isFactoryCall(ctx: ScanContext, call: ts.CallExpression): boolean {
  const name = calleeName(ctx, call.expression);
  if (!name || name.text !== "createTelemetry") return false;
  const decl = resolvedSymbol(ctx, name)?.declarations?.[0];
  return decl === undefined || isGeneratedModule(ctx, decl.getSourceFile()) || ctx.ts.isImportSpecifier(decl);
}
