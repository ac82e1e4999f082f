/**
 * `cordon check --src`: scan the services' TypeScript (and JavaScript) for telemetry the
 * contracts do not declare and exporters that bypass the generated region lock (SPEC §3.4).
 *
 * Cheap first: files are listed and read, generated modules' stamps compared, and a regular
 * expression drops every file that names none of the APIs. Only then is `typescript` loaded
 * (dynamically: `check` without `--src` never pays for it) and one Program built per tsconfig.
 */
import { readFileSync } from "node:fs";
import type ts from "typescript";
import { createRequire } from "node:module";
import { basename, dirname, extname, relative, resolve, sep } from "node:path";
import type { Finding } from "../../contracts/finding.js";
import type { ContractSet, Service } from "../../contracts/model.js";
import { analyzeFile } from "./analyze.js";
import { createContext } from "./context.js";
import { configSites, isConfigFile, readConfig } from "./config.js";
import { isScannable, listEntries, missingSources, ownersOf, serviceSources, unseenSources, type ServiceSources, type SourceEntry } from "./files.js";
import {
  byLocation,
  configFindings,
  emissionFindings,
  exporterFindings,
  numberRepeats,
  oncePerLocation,
  sdkFinding,
  staleFinding,
  type FileRef,
} from "./findings.js";
import { relativeSpecifiers, resolvedImports, resolveRelative } from "./imports.js";
import { generatedStamp, mayEmit } from "./prefilter.js";
import { createProgram, groupByTsconfig, type ProgramGroup, type TS } from "./program.js";
import { outOfStack, TOO_DEEP } from "./stack.js";
import { srcDirFiles } from "./src-dirs.js";
import { walk, type Listing } from "./walk.js";

export { SourceUsageError } from "./errors.js";

export interface ScanOptions {
  /** Folders (or globs) to scan, relative to `cwd`; undefined = every service's `source:`. */
  readonly srcDirs?: readonly string[];
  /** The working directory `srcDirs` and `generatedDir` are relative to. */
  readonly cwd: string;
  /** A folder of generated modules to check for staleness too (e.g. `cordon build --out`). */
  readonly generatedDir?: string;
  /**
   * Where remarks that are not findings go (`--src` files that belong to no service).
   * Default: stderr, as `cordon: warning: …`.
   */
  readonly onNote?: (message: string) => void;
}

/** A file the scanner analyses, with the service it is checked against. */
interface Scanned {
  /** Every service the file belongs to (SPEC §3.4: checked against each). */
  readonly services: readonly Service[];
  readonly text: string;
}

/**
 * Throws SourceUsageError when a `--src` folder does not exist; every other problem with the
 * scanned code is a finding.
 */
export async function scanSources(set: ContractSet, options: ScanOptions): Promise<Finding[]> {
  const projectRoot = dirname(set.root);
  const sources = serviceSources(set.services.values(), projectRoot);
  const note = options.onNote ?? ((message: string) => void process.stderr.write(`cordon: warning: ${message}\n`));
  const entryListing = listEntries(sources, projectRoot);
  const { files: listedAll, unseen } =
    options.srcDirs === undefined
      ? { files: [...entryListing.values()].flatMap((l) => l.files), unseen: [...entryListing.values()].flatMap((l) => l.unseen) }
      : srcDirFiles(options.srcDirs, options.cwd, projectRoot, sources, note);
  const listed = listedAll.filter(isScannable);

  const fileRef = (abs: string): FileRef => ({ abs, rel: relative(projectRoot, abs).split(sep).join("/"), root: projectRoot });
  // A `source:` entry that matches nothing would pass by scanning nothing (source/missing-source).
  const findings: Finding[] = missingSources(set, sources, entryListing);
  const analyzed = new Map<string, Scanned>();
  /** Modules that may be generated, to judge each once, with the service of the first file importing it. */
  const generated = new Map<string, Service>();
  /** Listed files already read and known not to be generated. */
  const plain = new Set<string>();

  for (const file of [...new Set(listed)].sort()) {
    const services = ownersOf(file, sources);
    const [service] = services;
    if (!service) continue;
    const text = readText(file);
    if (text === undefined) {
      unseen.push({ path: file, why: "could not be read" });
      continue;
    }
    if (generatedStamp(text)) {
      if (!generated.has(file)) generated.set(file, service);
      continue;
    }
    plain.add(file);
    for (const spec of relativeSpecifiers(text)) {
      const target = resolveRelative(file, spec);
      if (target && !generated.has(target)) generated.set(target, service);
    }
    if (mayEmit(text)) analyzed.set(file, { services, text });
  }

  if (analyzed.size > 0) {
    // require, not import(): Node's ESM loader would run its CommonJS export lexer over all of
    // typescript.js first (measured: 1.1 s of CPU against 0.4 s for require on the same machine).
    const tsm = createRequire(import.meta.url)("typescript") as TS;
    const texts = new Map([...analyzed].map(([file, s]) => [file, s.text]));
    // With --src on part of a service, the rest of it still takes part in the Program, so an
    // exporter created here and handed to createTelemetry there is seen to reach it.
    if (options.srcDirs !== undefined) addServiceContext(sources, entryListing, analyzed, texts);
    const cache = new Map();
    for (const group of groupByTsconfig([...texts.keys()], projectRoot)) {
      const built = programOf(tsm, group, texts, cache);
      for (const file of built.tooDeep) if (analyzed.has(file)) unseen.push({ path: file, why: TOO_DEEP });
      if (!built.program) continue;
      const { program, ctx } = built;
      for (const file of group.files) {
        const sf = program.getSourceFile(file);
        const scanned = analyzed.get(file);
        if (!sf || !scanned) continue;
        // Code the parser could not make sense of may hide emission sites: named, never skipped.
        const unparsed = unparsedAt(tsm, program, sf);
        if (unparsed) unseen.push({ path: file, why: unparsed });
        const ref = fileRef(file);
        let analysis: ReturnType<typeof analyzeFile>;
        try {
          analysis = analyzeFile(ctx, sf);
        } catch (error) {
          if (!outOfStack(error)) throw error;
          unseen.push({ path: file, why: TOO_DEEP });
          continue;
        }
        const { emissions, exporters, sdks } = analysis;
        for (const service of scanned.services) {
          const contractFile = relative(projectRoot, service.ref.file).split(sep).join("/");
          for (const e of emissions) findings.push(...emissionFindings(service, e, ref, contractFile));
          for (const x of exporters) findings.push(...exporterFindings(set, service, x, ref));
          for (const x of sdks) findings.push(sdkFinding(service, x, ref));
        }
        for (const target of resolvedImports(ctx, sf)) if (!generated.has(target)) generated.set(target, scanned.services[0]!);
      }
    }
  }

  // Exporters started by configuration: scripts, Dockerfiles, Procfiles, compose files, manifests.
  for (const file of [...new Set(listedAll.filter((f) => isConfigFile(basename(f))))].sort()) {
    const services = ownersOf(file, sources);
    if (services.length === 0) continue;
    const read = readConfig(file);
    if ("why" in read) unseen.push({ path: file, why: read.why });
    else for (const service of services) findings.push(...configFindings(set, service, configSites(read.text), fileRef(file), read.text));
  }

  // What could not be seen is named, never skipped (SPEC §3.4); paths of no service are a note.
  const notSeen = unseenSources(set, sources, unseen);
  findings.push(...notSeen.findings);
  for (const { path, why } of notSeen.orphans) note(`${relative(options.cwd, path) || "."} ${why} (it belongs to no service's \`source:\`)`);

  for (const [file, service] of generated) {
    if (plain.has(file)) continue;
    const text = readText(file);
    const stamp = text === undefined ? undefined : generatedStamp(text);
    const stale = text !== undefined && stamp ? staleFinding(set, service.name, fileRef(file), text, stamp) : undefined;
    if (stale) findings.push(stale);
  }

  if (options.generatedDir !== undefined) {
    for (const file of walk(resolve(options.cwd, options.generatedDir), { wanted: isScannable, root: projectRoot }).files) {
      if (generated.has(file)) continue;
      const text = readText(file);
      const stamp = text === undefined ? undefined : generatedStamp(text);
      if (!text || !stamp) continue;
      const serviceName = stamp.service ?? basename(file, extname(file));
      const stale = staleFinding(set, serviceName, fileRef(file), text, stamp);
      if (stale) findings.push(stale);
    }
  }

  return numberRepeats(oncePerLocation(findings.sort(byLocation)));
}

/** Add the other files of the services being scanned (those the pre-filter keeps) as Program roots. */
function addServiceContext(sources: readonly ServiceSources[], listed: ReadonlyMap<SourceEntry, Listing>, analyzed: ReadonlyMap<string, Scanned>, texts: Map<string, string>): void {
  const services = new Set([...analyzed.values()].flatMap((s) => s.services));
  for (const { service, entries } of sources) {
    if (!services.has(service)) continue;
    for (const file of entries.flatMap((entry) => listed.get(entry)?.files ?? []).filter(isScannable)) {
      if (texts.has(file) || !ownersOf(file, sources).includes(service)) continue;
      const text = readText(file);
      if (text !== undefined && !generatedStamp(text) && mayEmit(text)) texts.set(file, text);
    }
  }
}

/**
 * A group's Program and checker. When the compiler runs out of stack on some file, the files that
 * cannot be parsed alone (else: checked in a Program of their own) are left out and named, and
 * the rest is tried once more; when that fails too, every file of the group is named as not scanned.
 */
function programOf(
  tsm: TS,
  group: ProgramGroup,
  texts: ReadonlyMap<string, string>,
  cache: Map<string, ts.SourceFile>,
): { program: ts.Program; ctx: ReturnType<typeof createContext>; tooDeep: string[] } | { program?: undefined; tooDeep: string[] } {
  const attempt = (files: string[], sourceCache = cache) => {
    try {
      const program = createProgram(tsm, { ...group, files }, texts, sourceCache);
      return { program, ctx: createContext(tsm, program) };
    } catch (error) {
      if (!outOfStack(error)) throw error;
      return undefined;
    }
  };
  const first = attempt(group.files);
  if (first) return { ...first, tooDeep: [] };
  const parsesAlone = (file: string) => {
    try {
      tsm.createSourceFile(file, texts.get(file) ?? "", tsm.ScriptTarget.Latest, true);
      return true;
    } catch (error) {
      if (!outOfStack(error)) throw error;
      return false;
    }
  };
  let tooDeep = group.files.filter((file) => !parsesAlone(file));
  // Every file parses: the binder or checker overflowed (a call chain thousands long). Find the
  // files that overflow in a Program of their own (only on this path: one Program per file).
  // A fresh cache each: a SourceFile the binder gave up on half-way would pass a second time.
  if (tooDeep.length === 0) tooDeep = group.files.filter((file) => attempt([file], new Map()) === undefined);
  const rest = group.files.filter((file) => !tooDeep.includes(file));
  const second = tooDeep.length > 0 && rest.length > 0 ? attempt(rest, new Map()) : undefined;
  return second ? { ...second, tooDeep } : { tooDeep: group.files };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Why a file was not parsed in full (its first syntax error's position and message), or undefined. */
function unparsedAt(tsm: TS, program: ts.Program, sf: ts.SourceFile): string | undefined {
  const [first] = program.getSyntacticDiagnostics(sf);
  if (!first) return undefined;
  const at = first.start === undefined ? "" : (({ line, character }) => ` at line ${line + 1}, column ${character + 1}`)(sf.getLineAndCharacterOfPosition(first.start));
  return `could not be parsed (syntax error${at}: ${tsm.flattenDiagnosticMessageText(first.messageText, " ").slice(0, 120)})`;
}
