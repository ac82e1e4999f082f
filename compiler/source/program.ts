/**
 * One TypeScript Program per tsconfig (or one for the files no tsconfig covers), rooted at the
 * files the pre-filter kept. Nothing is type-checked up front: the scanner asks the checker
 * only about the expressions it looks at, which is why it costs a fraction of `tsc --noEmit`.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type ts from "typescript";

export type TS = typeof ts;

/** Options for files no tsconfig covers: permissive, resolving like a bundler (extensionless imports work). */
function defaultOptions(tsm: TS): ts.CompilerOptions {
  return {
    target: tsm.ScriptTarget.ES2022,
    module: tsm.ModuleKind.ESNext,
    moduleResolution: tsm.ModuleResolutionKind.Bundler,
    jsx: tsm.JsxEmit.Preserve,
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
}

/** Whatever the project says, the scanner never emits, reads JS, and does not check libraries. */
function scanOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  const out: ts.CompilerOptions = { ...options, noEmit: true, allowJs: true, checkJs: false, skipLibCheck: true };
  delete out.composite;
  delete out.incremental;
  delete out.tsBuildInfoFile;
  delete out.declaration;
  delete out.emitDeclarationOnly;
  return out;
}

/** The nearest tsconfig.json from `dir` up to `stop` (inclusive), memoised per folder in `memo`. */
export function findTsconfig(dir: string, stop: string, memo: Map<string, string | undefined>): string | undefined {
  const seen: string[] = [];
  let found: string | undefined;
  let current = dir;
  for (;;) {
    if (memo.has(current)) {
      found = memo.get(current);
      break;
    }
    seen.push(current);
    const candidate = join(current, "tsconfig.json");
    if (existsSync(candidate)) {
      found = candidate;
      break;
    }
    const parent = dirname(current);
    if (current === stop || parent === current || !current.startsWith(stop)) break;
    current = parent;
  }
  for (const d of seen) memo.set(d, found);
  return found;
}

function readTsconfig(tsm: TS, path: string): ts.CompilerOptions | undefined {
  const parsed = tsm.getParsedCommandLineOfConfigFile(path, {}, {
    ...tsm.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  return parsed?.options;
}

/**
 * A compiler host whose source files are shared by every Program of one scan (lib and
 * @types files are parsed once), and whose reads come from the pre-filter's text when it has it.
 */
export function sharedHost(
  tsm: TS,
  texts: ReadonlyMap<string, string>,
  cache: Map<string, ts.SourceFile>,
  options: ts.CompilerOptions,
): ts.CompilerHost {
  const host = tsm.createCompilerHost(options, true);
  // As tsc does: JSDoc is parsed where it can carry types (JavaScript), not in .ts and lib files,
  // whose comments are most of what there is to parse.
  host.jsDocParsingMode = tsm.JSDocParsingMode.ParseForTypeErrors;
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => texts.get(file) ?? readFile(file);
  host.getSourceFile = (file, languageVersionOrOptions) => {
    const version =
      typeof languageVersionOrOptions === "object" ? languageVersionOrOptions.languageVersion : languageVersionOrOptions;
    const impliedFormat = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions.impliedNodeFormat : undefined;
    const key = `${version}:${impliedFormat ?? ""}:${file}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const text = host.readFile(file);
    if (text === undefined) return undefined;
    // No parent pointers here: the binder sets them on every file when the checker is created.
    const sf = tsm.createSourceFile(file, text, languageVersionOrOptions, false);
    cache.set(key, sf);
    return sf;
  };
  host.resolveModuleNameLiterals = resolverWithFallback(tsm, host, options);
  return host;
}

/**
 * Resolve as the project does; what that cannot resolve, resolve as a bundler would (package
 * `exports`, extensionless paths). A project on `moduleResolution: node10` cannot see subpath
 * exports such as `@opentelemetry/semantic-conventions/incubating`, though Node loads them fine at
 * run time: without the fallback its ATTR_* constants would all be dynamic keys.
 */
function resolverWithFallback(
  tsm: TS,
  host: ts.CompilerHost,
  options: ts.CompilerOptions,
): NonNullable<ts.CompilerHost["resolveModuleNameLiterals"]> {
  const canonical = (f: string) => host.getCanonicalFileName(f);
  const cache = tsm.createModuleResolutionCache(host.getCurrentDirectory(), canonical, options);
  const bundler: ts.CompilerOptions = { ...options, module: tsm.ModuleKind.ESNext, moduleResolution: tsm.ModuleResolutionKind.Bundler };
  const bundlerCache = tsm.createModuleResolutionCache(host.getCurrentDirectory(), canonical, bundler);
  return (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
    literals.map((literal) => {
      const mode = tsm.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
      const own = tsm.resolveModuleName(literal.text, containingFile, compilerOptions, host, cache, redirected, mode);
      if (own.resolvedModule) return own;
      const fallback = tsm.resolveModuleName(literal.text, containingFile, bundler, host, bundlerCache, redirected);
      return fallback.resolvedModule ? fallback : own;
    });
}

export interface ProgramGroup {
  /** The tsconfig the files share, or undefined for the defaults. */
  readonly tsconfig: string | undefined;
  readonly files: string[];
}

/** Group files by the tsconfig that governs them. */
export function groupByTsconfig(files: readonly string[], projectRoot: string): ProgramGroup[] {
  const memo = new Map<string, string | undefined>();
  const groups = new Map<string, ProgramGroup>();
  for (const file of files) {
    const tsconfig = findTsconfig(dirname(file), projectRoot, memo);
    const key = tsconfig ?? "";
    let group = groups.get(key);
    if (!group) {
      group = { tsconfig, files: [] };
      groups.set(key, group);
    }
    group.files.push(file);
  }
  return [...groups.values()];
}

export function createProgram(
  tsm: TS,
  group: ProgramGroup,
  texts: ReadonlyMap<string, string>,
  cache: Map<string, ts.SourceFile>,
): ts.Program {
  const base = (group.tsconfig && readTsconfig(tsm, group.tsconfig)) || defaultOptions(tsm);
  const options = scanOptions(base);
  return tsm.createProgram({ rootNames: group.files, options, host: sharedHost(tsm, texts, cache, options) });
}
