/**
 * Test support: turn a fixture contract set into generated modules on disk that vitest can
 * import (the `@cordon/runtime` import is pointed at the runtime sources, so tests run on
 * sources, not on a build).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll } from "vitest";
import { loadContractSet } from "../../contracts/load.js";
import type { ContractSet } from "../../contracts/model.js";
import { generateModules, type GeneratedModule, type GenerateOptions } from "../../compiler/codegen/index.js";
import { RUNTIME_PACKAGE } from "../../compiler/codegen/template.js";

export const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const RUNTIME_SOURCE = join(REPO, "runtime", "index.ts");
export const FIXTURES = join(REPO, "test", "fixtures", "codegen");

export interface Generated {
  readonly set: ContractSet;
  readonly modules: GeneratedModule[];
  /** Folder holding `<service>.ts` (generated text, unchanged) and `<service>.src.ts` (runtime import → sources). */
  readonly dir: string;
}

async function tempDir(prefix: string): Promise<string> {
  const base = join(REPO, ".cordon-tmp");
  await mkdir(base, { recursive: true });
  return mkdtemp(join(base, prefix));
}

/** Copy a fixture set, apply textual replacements (ports), load it, generate its modules (with `options`). */
export async function generateFixture(name: string, replacements: ReadonlyMap<string, string> = new Map(), options: GenerateOptions = {}): Promise<Generated> {
  const dir = await tempDir(`${name}-`);
  const contracts = join(dir, "contracts");
  await cp(join(FIXTURES, name), contracts, { recursive: true });
  for (const file of await readdir(contracts)) {
    const path = join(contracts, file);
    let text = await readFile(path, "utf8");
    for (const [from, to] of replacements) text = text.split(from).join(to);
    await writeFile(path, text);
  }
  const loaded = await loadContractSet(contracts);
  if (!loaded.set) throw new Error(`fixture ${name} does not load: ${loaded.findings.map((f) => `${f.rule} ${f.subject}: ${f.message}`).join("; ")}`);
  const modules = generateModules(loaded.set, "0.1.0", options);
  for (const module of modules) {
    await writeFile(join(dir, module.fileName), module.text);
    const forVitest = module.text.replace(`from ${JSON.stringify(RUNTIME_PACKAGE)}`, `from ${JSON.stringify(RUNTIME_SOURCE)}`);
    await writeFile(join(dir, module.fileName.replace(/\.ts$/, ".src.ts")), forVitest);
  }
  return { set: loaded.set, modules, dir };
}

/**
 * A type checker for one test file: `tsc --strict` with `@cordon/runtime` mapped to the runtime
 * sources. Each call is its own program, but the files no test writes (TypeScript's libs, the
 * declarations in node_modules, the runtime sources) are parsed once and shared between its
 * programs: parsing them again was most of a program's cost (measured: ~1 s CPU a program
 * instead of ~2.5 s). Generated folders (.cordon-tmp) are always read afresh.
 */
export function typeChecker(): (files: readonly string[]) => string[] {
  const options: import("typescript").CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ["node"],
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    allowImportingTsExtensions: true,
    paths: { [RUNTIME_PACKAGE]: [RUNTIME_SOURCE] },
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const unchanging = new Map<string, import("typescript").SourceFile | undefined>();
  const written = join(REPO, ".cordon-tmp");
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (resolve(fileName).startsWith(written)) return read(fileName, languageVersion, onError, shouldCreate);
    if (!unchanging.has(fileName)) unchanging.set(fileName, read(fileName, languageVersion, onError, shouldCreate));
    return unchanging.get(fileName);
  };
  return (files) => {
    const program = ts.createProgram([...files], options, host);
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => {
        const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
  };
}

/** Type-check files under `tsc --strict` with `@cordon/runtime` mapped to the runtime sources (one program). */
export function typeCheck(files: readonly string[]): string[] {
  return typeChecker()(files);
}

/** Remove generated folders (tests call it in afterAll). */
export async function removeGenerated(...dirs: (string | undefined)[]): Promise<void> {
  for (const dir of dirs) if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * For a test file: generate a fixture's modules before its tests, import one (runtime import
 * pointed at the sources), remove them after. Returns a getter for the imported module.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useGeneratedModule(fixture: string, service: string): () => any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let mod: any;
  let dir: string | undefined;
  beforeAll(async () => {
    const generated = await generateFixture(fixture);
    dir = generated.dir;
    mod = await import(join(generated.dir, `${service}.src.ts`));
  });
  afterAll(() => removeGenerated(dir));
  return () => mod;
}
