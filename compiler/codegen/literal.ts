/**
 * Plain data → TypeScript expression nodes. Every string goes through
 * `factory.createStringLiteral`, so the printer escapes it: contract text (names, patterns,
 * replacement strings) can never become code.
 */
import type { Expression, TS } from "./ts-api.js";

export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

export function literal(ts: TS, value: Literal): Expression {
  const f = ts.factory;
  if (value === null) return f.createNull();
  if (typeof value === "string") return f.createStringLiteral(value);
  if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot emit the number ${value}`);
    return value < 0
      ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-value))
      : f.createNumericLiteral(value);
  }
  if (Array.isArray(value)) {
    const multiLine = value.some((v) => typeof v === "object" && v !== null);
    return f.createArrayLiteralExpression(value.map((v) => literal(ts, v)), multiLine);
  }
  const record = value as { readonly [key: string]: Literal };
  return f.createObjectLiteralExpression(
    Object.keys(record).map((key) => f.createPropertyAssignment(f.createStringLiteral(key), literal(ts, record[key]!))),
    false,
  );
}

/** Text for a JSDoc block: `*\/` cannot end the comment early, and lines keep their ` * ` gutter. */
export function jsDocText(text: string): string {
  const safe = text.replace(/\*\//g, "*\\/").replace(/\r\n?|[\u2028\u2029]/g, "\n");
  return `*\n * ${safe.split("\n").join("\n * ")}\n `;
}

/** Attach a JSDoc block to a node (synthetic comment: printed, never parsed from user text). */
export function withDoc<T extends import("typescript").Node>(ts: TS, node: T, text: string | undefined): T {
  if (text === undefined || text.trim() === "") return node;
  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, jsDocText(text), true);
}
