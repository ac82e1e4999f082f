/**
 * The modules a scanned file imports, so that a generated module living outside every service's
 * `source:` (`cordon build --out generated`, imported as `../../../generated/checkout.js`) is
 * still judged for `source/stale-generated`.
 *
 * Two ways, both cheap: relative specifiers are read from the text and resolved the way
 * TypeScript does (`./x.js` is `./x.ts` on disk), so even a file the pre-filter dropped counts;
 * for files in a Program, the checker also resolves the rest (tsconfig `paths`, workspaces).
 */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type ts from "typescript";
import type { ScanContext } from "./context.js";

const SPECIFIER = /\bfrom\s*["']([^"'\n]+)["']|\bimport\s*\(\s*["']([^"'\n]+)["']|\brequire\s*\(\s*["']([^"'\n]+)["']|\bimport\s+["']([^"'\n]+)["']/g;

/** Relative module specifiers of `import … from`, `export … from`, `import()`, `require()`. */
export function relativeSpecifiers(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (spec && (spec.startsWith("./") || spec.startsWith("../"))) out.add(spec);
  }
  return [...out];
}

/** What TypeScript looks for on disk for a specifier's extension (`.js` may be `.ts`). */
const BY_EXTENSION: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\.js$/, [".ts", ".tsx", ".d.ts", ".js", ".jsx"]],
  [/\.jsx$/, [".tsx", ".jsx"]],
  [/\.mjs$/, [".mts", ".d.mts", ".mjs"]],
  [/\.cjs$/, [".cts", ".d.cts", ".cjs"]],
  [/\.[cm]?tsx?$/, [""]],
];
const EXTENSIONLESS = [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs"];

/** The file a relative specifier names, resolved as TypeScript does, or undefined. */
export function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  for (const [pattern, extensions] of BY_EXTENSION) {
    if (!pattern.test(base)) continue;
    const stem = extensions[0] === "" ? base : base.replace(pattern, "");
    return extensions.map((ext) => stem + ext).find(isFile);
  }
  return [...EXTENSIONLESS.map((ext) => base + ext), ...["index.ts", "index.tsx", "index.js"].map((i) => resolve(base, i))].find(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The files a Program's source file imports, as the checker resolved them (own files and packages alike). */
export function resolvedImports(ctx: ScanContext, sf: ts.SourceFile): string[] {
  const t = ctx.ts;
  const out: string[] = [];
  for (const statement of sf.statements) {
    const spec =
      (t.isImportDeclaration(statement) || t.isExportDeclaration(statement)) && statement.moduleSpecifier
        ? statement.moduleSpecifier
        : undefined;
    if (!spec || !t.isStringLiteral(spec)) continue;
    const decl = ctx.checker.getSymbolAtLocation(spec)?.valueDeclaration;
    if (decl && t.isSourceFile(decl) && !decl.isDeclarationFile) out.push(decl.fileName);
  }
  return out;
}
