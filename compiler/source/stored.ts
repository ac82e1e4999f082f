/**
 * An array kept in a property of an object (`this._batch.spanLinks`), filled elsewhere:
 * `holder.links = []`, `holder.links.push(link)`, `{ links: [...] }`. The elements it may hold are
 * every element put into a property of that name anywhere in the service's own code — found by
 * the checker's symbol, or by name when the read has no type information (the property must then
 * be one the service's own code declares).
 *
 * Only where every use of the property is one of those, a test (`!holder.links`, `.length`) or the
 * read being followed: any other use (passed on, destructured, `splice`d, read by `["links"]`)
 * may put elements in unseen, and is the reason the property cannot be read.
 */
import type ts from "typescript";
import { isOwnCode, type ScanContext } from "./context.js";

/** What follow.ts's steps find (its Step, written out so that this module does not import it back). */
type Step = { readonly values: readonly ts.Expression[] } | { readonly reason: string };

/**
 * The elements `read` (a property access) may hold, `elementsOf` following what is stored or
 * pushed; undefined when the property is not one of the service's own.
 */
export function propertyElements(ctx: ScanContext, read: ts.PropertyAccessExpression, elementsOf: (expr: ts.Expression) => Step): Step | undefined {
  const t = ctx.ts;
  const name = read.name.text;
  const target = ctx.checker.getSymbolAtLocation(read.name);
  if (target ? !isOwnProperty(ctx, target) : !declaresProperty(ctx, name)) return undefined;
  const values: ts.Expression[] = [];
  const add = (step: Step): string | undefined => {
    if ("reason" in step) return step.reason;
    values.push(...step.values);
    return undefined;
  };
  for (const sf of ctx.ownFiles) {
    if (!sf.text.includes(name)) continue;
    let failed: string | undefined;
    const visit = (node: ts.Node): void => {
      if (failed) return;
      if ((t.isIdentifier(node) || t.isStringLiteral(node)) && node.text === name) {
        failed = useOf(node);
        return;
      }
      t.forEachChild(node, visit);
    };
    const useOf = (id: ts.Identifier | ts.StringLiteral): string | undefined => {
      const p = id.parent;
      if (t.isPropertySignature(p) || t.isPropertyDeclaration(p)) return undefined;
      if ((t.isPropertyAssignment(p) || t.isShorthandPropertyAssignment(p)) && p.name === id) {
        return add(elementsOf(t.isPropertyAssignment(p) ? p.initializer : p.name));
      }
      if (t.isPropertyAccessExpression(p) && p.name === id) {
        if (target && !sameProperty(ctx, id, target)) return undefined;
        return accessUse(p);
      }
      if (t.isIdentifier(id) && !t.isBindingElement(p) && !t.isElementAccessExpression(p)) return undefined; // another name
      if (t.isStringLiteral(id) && !t.isElementAccessExpression(p) && !t.isBindingElement(p)) return undefined; // a string
      return `\`${name}\` is read at ${where(id)} in a way cordon does not follow`;
    };
    const accessUse = (pa: ts.PropertyAccessExpression): string | undefined => {
      if (pa === read) return undefined;
      let up: ts.Node = pa.parent;
      let self: ts.Node = pa;
      while (t.isParenthesizedExpression(up) || t.isAsExpression(up) || t.isNonNullExpression(up) || t.isSatisfiesExpression(up)) {
        self = up;
        up = up.parent;
      }
      if (t.isBinaryExpression(up) && up.left === self && isStoring(t, up.operatorToken.kind)) return add(elementsOf(up.right));
      if (t.isPropertyAccessExpression(up) && up.expression === self) {
        const method = up.name.text;
        if (method === "length") return undefined;
        if ((method === "push" || method === "unshift") && t.isCallExpression(up.parent) && up.parent.expression === up) {
          for (const arg of up.parent.arguments) {
            const failed = t.isSpreadElement(arg) ? add(elementsOf(arg.expression)) : add({ values: [arg] });
            if (failed) return failed;
          }
          return undefined;
        }
      }
      if (isTest(t, up, self)) return undefined;
      return `\`${shortText(pa)}\` is also used at ${where(pa)}, where elements may be put in unseen`;
    };
    visit(sf);
    if (failed) return { reason: failed };
  }
  return { values };
}

/** `!x.p`, `if (x.p)`, `x.p ? … : …`, `x.p === y`, `typeof x.p`: looked at, not changed or passed on. */
function isTest(t: ScanContext["ts"], up: ts.Node, self: ts.Node): boolean {
  if (t.isPrefixUnaryExpression(up) && up.operator === t.SyntaxKind.ExclamationToken) return true;
  if (t.isTypeOfExpression(up)) return true;
  if ((t.isIfStatement(up) || t.isWhileStatement(up)) && up.expression === self) return true;
  if (t.isConditionalExpression(up) && up.condition === self) return true;
  if (t.isBinaryExpression(up)) {
    const k = t.SyntaxKind;
    const op = up.operatorToken.kind;
    return op === k.EqualsEqualsEqualsToken || op === k.ExclamationEqualsEqualsToken || op === k.EqualsEqualsToken || op === k.ExclamationEqualsToken;
  }
  return false;
}

function isStoring(t: ScanContext["ts"], kind: ts.SyntaxKind): boolean {
  const k = t.SyntaxKind;
  return kind === k.EqualsToken || kind === k.QuestionQuestionEqualsToken || kind === k.BarBarEqualsToken || kind === k.AmpersandAmpersandEqualsToken;
}

/** A property (not a method or accessor) every declaration of which is in the service's own code. */
function isOwnProperty(ctx: ScanContext, symbol: ts.Symbol): boolean {
  const t = ctx.ts;
  const decls = symbol.declarations ?? [];
  return decls.length > 0 && decls.every((d) => isOwnCode(ctx, d) && (t.isPropertySignature(d) || t.isPropertyDeclaration(d)));
}

/**
 * May this access be the same property? The same symbol, one the checker cannot tell (no type
 * information there), or any property of that name the service declares (the object may be
 * reached through another type, `(x as Other).links`): counted, to be safe. Only a property
 * of a library's type (`.length` of an array) is another.
 */
function sameProperty(ctx: ScanContext, id: ts.Identifier, target: ts.Symbol): boolean {
  const symbol = ctx.checker.getSymbolAtLocation(id);
  return symbol === undefined || symbol === target || (symbol.declarations ?? []).some((d) => isOwnCode(ctx, d));
}

/** Without type information: the service's own code declares a property of that name. */
function declaresProperty(ctx: ScanContext, name: string): boolean {
  const t = ctx.ts;
  for (const sf of ctx.ownFiles) {
    if (!sf.text.includes(name)) continue;
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if ((t.isPropertySignature(n) || t.isPropertyDeclaration(n)) && n.name && (t.isIdentifier(n.name) || t.isStringLiteral(n.name)) && n.name.text === name) {
        found = true;
        return;
      }
      t.forEachChild(n, visit);
    };
    visit(sf);
    if (found) return true;
  }
  return false;
}

function where(node: ts.Node): string {
  const sf = node.getSourceFile();
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  return `${sf.fileName.split(/[\\/]/).pop()}:${line}`;
}

function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

