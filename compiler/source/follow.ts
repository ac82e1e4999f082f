/**
 * Following a value the way a reader of the code does, one step at a time: a call to what its
 * function returns (through interfaces and base classes to every implementation in the Program),
 * a parameter to the argument of every call site, a property read to the objects it is read from.
 *
 * Every step is bounded (depth of the walk, call sites per parameter, implementations per
 * method) so a scan stays linear in practice; when a bound is hit, or a step has no static
 * answer, the step says why in words that end up in the `source/dynamic-key` message.
 */
import type ts from "typescript";
import { calleeName, isOwnCode, resolvedSymbol, skipOuter, type ScanContext } from "./context.js";
import { reaches } from "./guards.js";
import { functionName, isModuleBinding, referencesOf } from "./references.js";
import { propertyElements } from "./stored.js";

export const LIMITS = {
  /** Steps from the emission site to the key. */
  depth: 10,
  /** Call sites followed for one parameter. */
  callSites: 64,
  /** Implementations followed for one method call. */
  implementations: 64,
} as const;

/** A walk in progress: how deep, and which nodes it already stands on (recursion). */
export interface Walk {
  readonly depth: number;
  readonly onPath: ReadonlySet<ts.Node>;
}

export const START: Walk = { depth: 0, onPath: new Set() };

export function deeper(walk: Walk, node: ts.Node): Walk {
  return { depth: walk.depth + 1, onPath: new Set([...walk.onPath, node]) };
}

/** What a step found: the expressions the value may be, or why there is no static answer. */
export type Step = { readonly values: readonly ts.Expression[] } | { readonly reason: string };

export function isReason(step: Step): step is { readonly reason: string } {
  return "reason" in step;
}

export function at(node: ts.Node): string {
  const sf = node.getSourceFile();
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const file = sf.fileName.split(/[\\/]/).pop();
  return `${file}:${line}`;
}

function quoted(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { readonly body: ts.ConciseBody };

function hasBody(t: ScanContext["ts"], node: ts.Node): node is FunctionWithBody {
  return t.isFunctionLike(node) && "body" in node && node.body !== undefined;
}

/** The expressions a function returns (an arrow's expression body, or its `return`s outside nested functions). */
export function returnsOf(ctx: ScanContext, fn: FunctionWithBody): ts.Expression[] {
  const t = ctx.ts;
  if (!t.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return;
    if (t.isReturnStatement(node) && node.expression) out.push(node.expression);
    t.forEachChild(node, visit);
  };
  t.forEachChild(fn.body, visit);
  return out;
}

/**
 * The function bodies a call may run: the callee's own declaration, and for a method, every
 * implementation or override of it in the Program's own classes (interface and abstract methods
 * have only those). Undefined with a reason when nothing can be seen into.
 */
export function calleeBodies(ctx: ScanContext, call: ts.CallExpression): { bodies: FunctionWithBody[] } | { reason: string } {
  const t = ctx.ts;
  const name = calleeName(ctx, call.expression);
  if (!name || !t.isIdentifier(name)) return { reason: `${quoted(call.expression)} is not a named function` };
  const symbol = resolvedSymbol(ctx, name);
  const decls = symbol?.declarations ?? [];
  if (decls.length === 0) return { reason: `${quoted(call.expression)} has no declaration cordon can see (a library without types, or unresolved)` };
  const bodies = new Set<FunctionWithBody>();
  for (const decl of decls) {
    if (!isOwnCode(ctx, decl)) continue;
    const fn = functionOf(ctx, decl);
    if (fn) bodies.add(fn);
    if (t.isMethodDeclaration(decl) || t.isMethodSignature(decl) || t.isPropertySignature(decl) || t.isPropertyDeclaration(decl)) {
      for (const impl of implementationsOf(ctx, decl)) bodies.add(impl);
    }
  }
  if (bodies.size > LIMITS.implementations) {
    return { reason: `${quoted(call.expression)} has ${bodies.size} implementations, more than the ${LIMITS.implementations} cordon follows` };
  }
  if (bodies.size === 0) {
    const own = decls.some((d) => isOwnCode(ctx, d));
    return {
      reason: own
        ? `${quoted(call.expression)} is declared without a body and no implementation of it was found in the program`
        : `${quoted(call.expression)} is a library function, whose result cordon cannot see into`,
    };
  }
  return { bodies: [...bodies] };
}

function functionOf(ctx: ScanContext, decl: ts.Declaration): FunctionWithBody | undefined {
  const t = ctx.ts;
  if (hasBody(t, decl)) return decl;
  const init =
    (t.isVariableDeclaration(decl) || t.isPropertyDeclaration(decl) || t.isPropertyAssignment(decl)) && decl.initializer
      ? skipOuter(ctx, decl.initializer)
      : undefined;
  return init && hasBody(t, init) ? init : undefined;
}

/**
 * Methods named like `member` in the Program's own classes that implement or extend the class or
 * interface declaring it (directly or through other classes and interfaces).
 */
function implementationsOf(ctx: ScanContext, member: ts.Declaration): FunctionWithBody[] {
  const t = ctx.ts;
  const owner = member.parent;
  const name = (member as ts.NamedDeclaration).name;
  if (!name || !(t.isIdentifier(name) || t.isStringLiteral(name)) || !(t.isClassLike(owner) || t.isInterfaceDeclaration(owner))) return [];
  const ownerSymbol = owner.name ? resolvedSymbol(ctx, owner.name) : undefined;
  if (!ownerSymbol) return [];
  const out: FunctionWithBody[] = [];
  for (const cls of classesOf(ctx)) {
    if (cls === owner || !inherits(ctx, cls, ownerSymbol, new Set())) continue;
    for (const m of cls.members) {
      const mName = m.name && (t.isIdentifier(m.name) || t.isStringLiteral(m.name)) ? m.name.text : undefined;
      if (mName !== name.text) continue;
      const fn = functionOf(ctx, m);
      if (fn) out.push(fn);
    }
  }
  return out;
}

/** Every class in the Program's own files (memoised per scan context). */
function classesOf(ctx: ScanContext): readonly ts.ClassLikeDeclaration[] {
  const memo = ctx.memo.get("classes") as ts.ClassLikeDeclaration[] | undefined;
  if (memo) return memo;
  const t = ctx.ts;
  const out: ts.ClassLikeDeclaration[] = [];
  for (const sf of ctx.ownFiles) {
    if (!sf.text.includes("class")) continue;
    const visit = (n: ts.Node): void => {
      if (t.isClassLike(n) && n.heritageClauses?.length) out.push(n);
      t.forEachChild(n, visit);
    };
    visit(sf);
  }
  ctx.memo.set("classes", out);
  return out;
}

function inherits(ctx: ScanContext, decl: ts.ClassLikeDeclaration | ts.InterfaceDeclaration, target: ts.Symbol, seen: Set<ts.Node>): boolean {
  const t = ctx.ts;
  if (seen.has(decl) || seen.size > 32) return false;
  seen.add(decl);
  for (const clause of decl.heritageClauses ?? []) {
    for (const type of clause.types) {
      const symbol = resolvedSymbol(ctx, type.expression);
      if (!symbol) continue;
      if (symbol === target) return true;
      for (const d of symbol.declarations ?? []) {
        if ((t.isClassLike(d) || t.isInterfaceDeclaration(d)) && inherits(ctx, d, target, seen)) return true;
      }
    }
  }
  return false;
}

/** What a call evaluates to: the returns of every body it may run. */
export function returnedValues(ctx: ScanContext, call: ts.CallExpression): Step {
  const found = calleeBodies(ctx, call);
  if ("reason" in found) return found;
  return { values: found.bodies.flatMap((fn) => returnsOf(ctx, fn)) };
}

/**
 * The arguments a parameter receives at every call site the Program shows (its default when a
 * call leaves it out). A reason instead when the function escapes as a value, has no caller, or
 * more callers than the bound. With `use` (where the parameter is read), a call site whose
 * constant arguments a branch around the use excludes is left out (guards.ts).
 */
export function argumentsOf(ctx: ScanContext, param: ts.ParameterDeclaration, use?: ts.Node): Step {
  const t = ctx.ts;
  const fn = param.parent;
  const index = fn.parameters.indexOf(param);
  const typed = param.type ? ` typed ${quoted(param.type)}` : "";
  const pname = t.isIdentifier(param.name) ? `\`${param.name.text}\`` : "a parameter";
  const fnName = functionName(ctx, fn);
  const where = fnName ? `\`${fnName.text}\`` : "an anonymous function";
  const loop = loopElements(ctx, param);
  if (loop) return loop;
  if (!fnName || index < 0 || param.dotDotDotToken) {
    return { reason: `${pname} is a parameter of ${where}${typed}, whose callers cordon cannot list` };
  }
  const refs = referencesOf(ctx, fnName, new Set());
  if (refs.length > LIMITS.callSites) {
    return { reason: `${pname} is a parameter of ${where}${typed}, called from ${refs.length} places, more than the ${LIMITS.callSites} cordon follows` };
  }
  const values: ts.Expression[] = [];
  for (const ref of refs) {
    // `import { f }` / `export { f }` name the function without calling or passing it: the
    // calls are found where it is used (an `export function f` is not a use either).
    if (isModuleBinding(ctx, ref)) continue;
    const site = t.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref ? ref.parent : ref;
    const call = site.parent;
    if (!t.isCallExpression(call) || call.expression !== site) {
      return { reason: `${pname} is a parameter of ${where}${typed}, which is also passed around as a value (${at(site)}), so not every caller is known` };
    }
    if (!reaches(ctx, fn, use, call)) continue;
    const arg = call.arguments[index];
    if (arg) values.push(arg);
    else if (param.initializer) values.push(param.initializer);
  }
  if (refs.length === 0) return { reason: `${pname} is a parameter of ${where}${typed}, and no call of ${where} was found in the program` };
  return { values };
}

const ARRAY_LOOPS: ReadonlySet<string> = new Set(["forEach", "map", "flatMap", "filter", "some", "every", "reduce"]);

/**
 * The element parameter of `ARR.forEach(k => …)` and friends: the elements of ARR when it is a
 * constant array.
 */
function loopElements(ctx: ScanContext, param: ts.ParameterDeclaration): Step | undefined {
  const t = ctx.ts;
  const fn = param.parent;
  if (!(t.isArrowFunction(fn) || t.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  if (!t.isCallExpression(call) || call.arguments[0] !== fn || !t.isPropertyAccessExpression(call.expression)) return undefined;
  const method = call.expression.name.text;
  const index = method === "reduce" ? 1 : 0;
  if (!ARRAY_LOOPS.has(method) || fn.parameters[index] !== param) return undefined;
  return arrayElements(ctx, call.expression.expression, START);
}

/** The elements of an array-valued expression that is a constant array literal (through consts). */
export function arrayElements(ctx: ScanContext, expr: ts.Expression, walk: Walk): Step {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (t.isArrayLiteralExpression(e)) {
    const values: ts.Expression[] = [];
    for (const el of e.elements) {
      if (t.isSpreadElement(el)) {
        const inner = walk.depth < LIMITS.depth ? arrayElements(ctx, el.expression, deeper(walk, el)) : { reason: "too deep" };
        if (isReason(inner)) return inner;
        values.push(...inner.values);
      } else values.push(el);
    }
    return { values };
  }
  if (t.isIdentifier(e) && walk.depth < LIMITS.depth) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    if (decl && t.isVariableDeclaration(decl) && decl.initializer && !isReassigned(ctx, decl)) {
      const init = arrayElements(ctx, decl.initializer, deeper(walk, e));
      if (isReason(init)) return init;
      // `KEYS.push(K)`: what is pushed is an element too (wherever it happens: a bound, not an order).
      const pushed = pushedElements(ctx, decl);
      return isReason(pushed) ? pushed : { values: [...init.values, ...pushed.values] };
    }
  }
  return { reason: `${quoted(e)} is not a constant array` };
}

/**
 * The elements an array-valued expression may hold (span links): what arrayElements reads, and
 * through conditionals, defaults, parameters (every caller's argument) and the returns of calls.
 */
export function possibleElements(ctx: ScanContext, expr: ts.Expression, walk: Walk): Step {
  const t = ctx.ts;
  const e = skipOuter(ctx, expr);
  if (walk.depth > LIMITS.depth) return { reason: `cordon followed ${quoted(e)} ${LIMITS.depth} steps without reaching the array` };
  if (walk.onPath.has(e)) return { values: [] };
  const next = deeper(walk, e);
  const all = (exprs: readonly ts.Expression[]): Step => {
    const values: ts.Expression[] = [];
    for (const x of exprs) {
      const s = possibleElements(ctx, x, next);
      if (isReason(s)) return s;
      values.push(...s.values);
    }
    return { values };
  };
  if (t.isConditionalExpression(e)) return all([e.whenTrue, e.whenFalse]);
  if (t.isBinaryExpression(e) && (e.operatorToken.kind === t.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === t.SyntaxKind.BarBarToken)) {
    return all([e.left, e.right]);
  }
  if (e.kind === t.SyntaxKind.NullKeyword || (t.isIdentifier(e) && e.text === "undefined")) return { values: [] };
  if (t.isCallExpression(e)) {
    const step = returnedValues(ctx, e);
    return isReason(step) ? step : all(step.values);
  }
  if (t.isIdentifier(e)) {
    const decl = resolvedSymbol(ctx, e)?.valueDeclaration;
    if (decl && t.isParameter(decl)) {
      const step = argumentsOf(ctx, decl);
      return isReason(step) ? step : all(step.values);
    }
    if (decl && t.isVariableDeclaration(decl) && decl.initializer && !t.isArrayLiteralExpression(skipOuter(ctx, decl.initializer))) {
      if (!isReassigned(ctx, decl)) return all([decl.initializer]);
    }
  }
  // `this.batch.links`: what is stored or pushed into that property wherever the code does it.
  if (t.isPropertyAccessExpression(e)) {
    const stored = propertyElements(ctx, e, (x) => possibleElements(ctx, x, next));
    if (stored) return stored;
  }
  return arrayElements(ctx, e, walk);
}

/** Is a variable assigned again anywhere after its declaration? */
function isReassigned(ctx: ScanContext, decl: ts.VariableDeclaration): boolean {
  const t = ctx.ts;
  if (!t.isIdentifier(decl.name)) return true;
  if (t.getCombinedNodeFlags(decl) & t.NodeFlags.Const) return false;
  return referencesOf(ctx, decl.name, new Set()).some((ref) => {
    const p = ref.parent;
    return t.isBinaryExpression(p) && p.left === ref && p.operatorToken.kind >= t.SyntaxKind.FirstAssignment && p.operatorToken.kind <= t.SyntaxKind.LastAssignment;
  });
}

/** The arguments of every `name.push(…)` / `name.unshift(…)`; a reason when the array is changed otherwise. */
function pushedElements(ctx: ScanContext, decl: ts.VariableDeclaration): Step {
  const t = ctx.ts;
  if (!t.isIdentifier(decl.name)) return { values: [] };
  const values: ts.Expression[] = [];
  for (const ref of referencesOf(ctx, decl.name, new Set())) {
    const p = ref.parent;
    if (!t.isPropertyAccessExpression(p) || p.expression !== ref) continue;
    const method = p.name.text;
    if (method === "push" || method === "unshift") {
      if (t.isCallExpression(p.parent)) values.push(...p.parent.arguments);
    } else if (method === "splice" || method === "fill" || method === "copyWithin") {
      return { reason: `\`${decl.name.text}\` is changed by ${method}() at ${at(p)}` };
    }
  }
  return { values };
}
