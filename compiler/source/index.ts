/**
 * `cordon check --src`: scan the services' TypeScript (and JavaScript) for telemetry the
 * contracts do not declare and exporters that bypass the generated region lock (SPEC §3.4).
 *
 * Cheap first: files are listed and read, generated modules' stamps compared, and a regular
 * expression drops every file that names none of the APIs. Only then is `typescript` loaded
 * (dynamically: `check` without `--src` never pays for it) and one Program built per tsconfig.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, relative, resolve, sep } from "node:path";
import type { Finding } from "../../contracts/finding.js";
import type { ContractSet, Service } from "../../contracts/model.js";
import { analyzeFile } from "./analyze.js";
import { createContext } from "./context.js";
import { entryFiles, ownerOf, serviceSources, sourceEntry, walk } from "./files.js";
import { byLocation, emissionFindings, exporterFindings, numberRepeats, staleFinding, type FileRef } from "./findings.js";
import { generatedStamp, mayEmit } from "./prefilter.js";
import { createProgram, groupByTsconfig } from "./program.js";

export interface ScanOptions {
  /** Folders (or globs) to scan, relative to `cwd`; undefined = every service's `source:`. */
  readonly srcDirs?: readonly string[];
  /** The working directory `srcDirs` and `generatedDir` are relative to. */
  readonly cwd: string;
  /** A folder of generated modules to check for staleness too (e.g. `cordon build --out`). */
  readonly generatedDir?: string;
}

export async function scanSources(set: ContractSet, options: ScanOptions): Promise<Finding[]> {
  const projectRoot = dirname(set.root);
  const sources = serviceSources(set.services.values(), projectRoot);
  const listed =
    options.srcDirs === undefined
      ? sources.flatMap((s) => s.entries.flatMap(entryFiles))
      : options.srcDirs.flatMap((d) => entryFiles(sourceEntry(options.cwd, d)));

  const fileRef = (abs: string): FileRef => ({ abs, rel: relative(projectRoot, abs).split(sep).join("/"), root: projectRoot });
  const findings: Finding[] = [];
  const owners = new Map<string, Service>();
  const texts = new Map<string, string>();
  const seen = new Set<string>();

  for (const file of listed) {
    if (seen.has(file)) continue;
    seen.add(file);
    const service = ownerOf(file, sources);
    if (!service) continue;
    const text = readText(file);
    if (text === undefined) continue;
    const stamp = generatedStamp(text);
    if (stamp) {
      const stale = staleFinding(set, service.name, fileRef(file), text, stamp);
      if (stale) findings.push(stale);
    } else if (mayEmit(text)) {
      owners.set(file, service);
      texts.set(file, text);
    }
  }

  if (options.generatedDir !== undefined) {
    for (const file of walk(resolve(options.cwd, options.generatedDir))) {
      if (seen.has(file)) continue;
      const text = readText(file);
      const stamp = text === undefined ? undefined : generatedStamp(text);
      if (!text || !stamp) continue;
      const serviceName = stamp.service ?? basename(file, extname(file));
      const stale = staleFinding(set, serviceName, fileRef(file), text, stamp);
      if (stale) findings.push(stale);
    }
  }

  if (owners.size > 0) {
    const tsm = (await import("typescript")).default;
    const cache = new Map();
    for (const group of groupByTsconfig([...owners.keys()], projectRoot)) {
      const program = createProgram(tsm, group, texts, cache);
      const ctx = createContext(tsm, program);
      for (const file of group.files) {
        const sf = program.getSourceFile(file);
        const service = owners.get(file);
        if (!sf || !service) continue;
        const ref = fileRef(file);
        const contractFile = relative(projectRoot, service.ref.file).split(sep).join("/");
        const { emissions, exporters } = analyzeFile(ctx, sf);
        for (const e of emissions) findings.push(...emissionFindings(service, e, ref, contractFile));
        for (const x of exporters) findings.push(...exporterFindings(set, service, x, ref));
      }
    }
  }

  return numberRepeats(findings.sort(byLocation));
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
