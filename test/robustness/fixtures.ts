/**
 * Where the robustness properties run: a temporary base folder holding the planted secret
 * outside every contracts folder, and one fresh project folder per run (a mutated contract set,
 * with the example's service sources and Terraform plan beside it when the run needs them).
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { REPO } from "../helpers/cli.js";
import { readSet, type Files } from "./mutations.js";
import { SECRET } from "./oracles.js";

/** The real sets the mutations start from: the example organisation, its bad pull request, a test fixture. */
export const PROJECTS = [
  { name: "shop", dir: join(REPO, "examples/shop") },
  { name: "shop-pr", dir: join(REPO, "examples/shop-pr") },
  { name: "fixture", dir: join(REPO, "test/fixtures/contracts/valid"), contractsOnly: true },
] as const;

export const SETS: readonly Files[] = PROJECTS.map((p) => readSet("contractsOnly" in p ? p.dir : join(p.dir, "contracts")));

/** Root defeats chmod 000: the unreadable-entry hazards are skipped (and said so) when tests run as root. */
export const IS_ROOT = process.getuid?.() === 0;

/** File-tree hazards placed in the contracts folder (SPEC §1: only regular files inside it are read). */
export type Hazard =
  | "link-out-file" // a .yaml link to a file outside the folder holding the secret
  | "link-out-dir" // a folder link to a folder outside holding the secret
  | "link-dev-zero" // a .yaml link to /dev/zero (endless)
  | "link-loop" // two .yaml links to each other
  | "link-parent" // a folder link to the folder's own parent (a cycle out of the folder)
  | "link-dangling" // a .yaml link to nothing
  | "fifo" // a .yaml FIFO nobody writes (a blocking read)
  | "unreadable-file" // chmod 000 (not as root)
  | "unreadable-dir"; // chmod 000 (not as root)

const HAZARDS: readonly Hazard[] = ["link-out-file", "link-out-dir", "link-dev-zero", "link-loop", "link-parent", "link-dangling", "fifo", ...(IS_ROOT ? [] : (["unreadable-file", "unreadable-dir"] as const))];
export const hazardArb = fc.constantFrom(...HAZARDS);

/** Every hazard hides something the gate must see (or refuses a link out): exit 2, never 0. */
export function makeBase(): { base: string; outside: string; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), "cordon-robust-"));
  const outside = join(base, "outside");
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.yaml"), `apiVersion: cordon/v1\nkind: Sink\nname: ${SECRET}\n# ${SECRET}\n`);
  writeFileSync(join(outside, "credentials"), `aws_secret_access_key = ${SECRET}\n`);
  return {
    base,
    outside,
    cleanup: () => {
      chmodTree(base);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

function chmodTree(path: string): void {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    chmodSync(path, 0o755);
    if (stat.isDirectory()) for (const name of readdirSync(path)) chmodTree(join(path, name));
  } catch {
    // gone already
  }
}

let counter = 0;

/** A fresh project folder: the mutated contracts, and the project's other files when asked. */
export function writeProject(base: string, project: (typeof PROJECTS)[number], files: Files, extras: { sources?: boolean; infra?: boolean } = {}): { dir: string; root: string } {
  const dir = join(base, `run-${++counter}`);
  const root = join(dir, "contracts");
  mkdirSync(root, { recursive: true });
  for (const [name, bytes] of files) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  if (!("contractsOnly" in project)) {
    if (extras.sources && existsSync(join(project.dir, "services"))) {
      cpSync(join(project.dir, "services"), join(dir, "services"), { recursive: true });
      for (const file of ["package.json", "tsconfig.json"]) if (existsSync(join(project.dir, file))) cpSync(join(project.dir, file), join(dir, file));
    }
    if (extras.infra && existsSync(join(project.dir, "infra"))) cpSync(join(project.dir, "infra"), join(dir, "infra"), { recursive: true });
  }
  return { dir, root };
}

/** Place a hazard in the contracts folder. */
export function placeHazard(root: string, outside: string, hazard: Hazard, index: number): void {
  const at = (name: string) => join(root, index % 2 === 0 ? name : join("services", name));
  const path = (name: string) => {
    const p = at(name);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  };
  switch (hazard) {
    case "link-out-file":
      symlinkSync(join(outside, "secret.yaml"), path("leak.yaml"));
      break;
    case "link-out-dir":
      symlinkSync(outside, path("leaked"));
      break;
    case "link-dev-zero":
      symlinkSync("/dev/zero", path("zero.yaml"));
      break;
    case "link-loop":
      symlinkSync("loop-b.yaml", path("loop-a.yaml"));
      symlinkSync("loop-a.yaml", path("loop-b.yaml"));
      break;
    case "link-parent":
      symlinkSync("..", path("up"));
      break;
    case "link-dangling":
      symlinkSync("no-such-file.yaml", path("dangling.yaml"));
      break;
    case "fifo":
      execFileSync("mkfifo", [path("pipe.yaml")]);
      break;
    case "unreadable-file": {
      const p = path("locked.yaml");
      writeFileSync(p, "apiVersion: cordon/v1\nkind: Tiers\ntiers: []\n");
      chmodSync(p, 0o000);
      break;
    }
    case "unreadable-dir": {
      const p = path("locked");
      mkdirSync(p);
      writeFileSync(join(p, "more.yaml"), "apiVersion: cordon/v1\nkind: Tiers\ntiers: []\n");
      chmodSync(p, 0o000);
      break;
    }
  }
}

/** Hazards in a `--src` folder (the service sources of shop-pr) and in a `--iac` plan. */
export type SourceHazard =
  | { readonly kind: "ts-link-out" | "ts-fifo" | "ts-dev-zero" | "ts-link-loop" | "config-link-out"; readonly file: number }
  | { readonly kind: "ts-binary"; readonly file: number; readonly bytes: readonly number[] }
  | { readonly kind: "ts-truncate"; readonly file: number; readonly at: number }
  | { readonly kind: "ts-insert"; readonly file: number; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "ts-deep"; readonly file: number; readonly depth: number }
  | { readonly kind: "ts-huge-string"; readonly file: number; readonly length: number };

export type PlanHazard =
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "retype"; readonly node: number; readonly to: number }
  | { readonly kind: "binary" | "fifo" | "dev-zero" | "link-out" | "empty" | "deep" };

const fileIndex = fc.nat({ max: 60 });
const bytesArb = fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 8 });
export const sourceHazardArb: fc.Arbitrary<SourceHazard> = fc.oneof(
  fc.record({ kind: fc.constantFrom("ts-link-out" as const, "ts-fifo" as const, "ts-dev-zero" as const, "ts-link-loop" as const, "config-link-out" as const), file: fileIndex }),
  fc.record({ kind: fc.constant("ts-binary" as const), file: fileIndex, bytes: bytesArb }),
  fc.record({ kind: fc.constant("ts-truncate" as const), file: fileIndex, at: fc.nat({ max: 8000 }) }),
  fc.record({ kind: fc.constant("ts-insert" as const), file: fileIndex, at: fc.nat({ max: 8000 }), bytes: bytesArb }),
  fc.record({ kind: fc.constant("ts-deep" as const), file: fileIndex, depth: fc.constantFrom(100, 3000, 20000) }),
  fc.record({ kind: fc.constant("ts-huge-string" as const), file: fileIndex, length: fc.constantFrom(1000, 300_000) }),
);
const JSON_REPLACEMENTS: readonly unknown[] = [null, 0, -1, 1e308, "", "eu-west-1", "EU-WEST-1", "__proto__", [], {}, [[[]]], true, "x".repeat(5000), { region: 7 }, ["a", 1, null]];
export const planHazardArb: fc.Arbitrary<PlanHazard> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat({ max: 200_000 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat({ max: 200_000 }), bytes: bytesArb }),
  { arbitrary: fc.record({ kind: fc.constant("retype" as const), node: fc.nat({ max: 3000 }), to: fc.nat({ max: JSON_REPLACEMENTS.length - 1 }) }), weight: 4 },
  fc.record({ kind: fc.constantFrom("binary" as const, "fifo" as const, "dev-zero" as const, "link-out" as const, "empty" as const, "deep" as const) }),
);

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && test(name)) out.push(path);
    }
  };
  walk(dir);
  return out;
}

/** Apply a source hazard under `<dir>/services`. */
export function placeSourceHazard(dir: string, outside: string, hazard: SourceHazard): void {
  const sources = filesUnder(join(dir, "services"), (name) => name.endsWith(".ts"));
  const file = sources[hazard.file % sources.length]!;
  const folder = dirname(file);
  switch (hazard.kind) {
    case "ts-link-out":
      symlinkSync(join(outside, "credentials"), join(folder, "leak.ts"));
      break;
    case "config-link-out":
      rmSync(join(dir, "package.json"), { force: true });
      symlinkSync(join(outside, "credentials"), join(dir, "package.json"));
      symlinkSync(join(outside, "credentials"), join(folder, "..", "Dockerfile"));
      break;
    case "ts-fifo":
      execFileSync("mkfifo", [join(folder, "pipe.ts")]);
      break;
    case "ts-dev-zero":
      symlinkSync("/dev/zero", join(folder, "zero.ts"));
      break;
    case "ts-link-loop":
      symlinkSync("loop-b.ts", join(folder, "loop-a.ts"));
      symlinkSync("loop-a.ts", join(folder, "loop-b.ts"));
      break;
    case "ts-binary":
      writeFileSync(join(folder, "blob.ts"), Buffer.from(hazard.bytes));
      break;
    case "ts-truncate": {
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, hazard.at % (bytes.length + 1)));
      break;
    }
    case "ts-insert": {
      const bytes = readFileSync(file);
      const at = hazard.at % (bytes.length + 1);
      writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from(hazard.bytes), bytes.subarray(at)]));
      break;
    }
    case "ts-deep":
      writeFileSync(
        join(folder, "deep.ts"),
        `import { trace } from "@opentelemetry/api";\nconst span = trace.getTracer("t").startSpan("deep");\nspan.setAttribute("user.email", ${"(".repeat(hazard.depth)}"x"${")".repeat(hazard.depth)});\nexport const v = ${"[".repeat(hazard.depth)}${"]".repeat(hazard.depth)};\n`,
      );
      break;
    case "ts-huge-string":
      writeFileSync(join(folder, "huge.ts"), `import { trace } from "@opentelemetry/api";\ntrace.getTracer("t").startSpan("huge").setAttribute("${"k".repeat(Math.min(hazard.length, 5000))}", "${"v".repeat(hazard.length)}");\n`);
      break;
  }
}

/** Apply a plan hazard to `<dir>/infra/plan.json`. */
export function placePlanHazard(dir: string, outside: string, hazard: PlanHazard): void {
  const plan = join(dir, "infra", "plan.json");
  const bytes = readFileSync(plan);
  switch (hazard.kind) {
    case "truncate":
      writeFileSync(plan, bytes.subarray(0, hazard.at % bytes.length));
      break;
    case "insert": {
      const at = hazard.at % bytes.length;
      writeFileSync(plan, Buffer.concat([bytes.subarray(0, at), Buffer.from(hazard.bytes), bytes.subarray(at)]));
      break;
    }
    case "retype": {
      const document = JSON.parse(bytes.toString("utf8")) as unknown;
      const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
      const visit = (value: unknown) => {
        if (Array.isArray(value)) value.forEach((item, i) => (places.push({ parent: value, key: i }), visit(item)));
        else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) (places.push({ parent: value as Record<string, unknown>, key: k }), visit(v));
      };
      visit(document);
      const place = places[hazard.node % places.length]!;
      (place.parent as Record<string | number, unknown>)[place.key] = structuredClone(JSON_REPLACEMENTS[hazard.to]);
      writeFileSync(plan, JSON.stringify(document));
      break;
    }
    case "binary":
      writeFileSync(plan, Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x00]));
      break;
    case "empty":
      writeFileSync(plan, "");
      break;
    case "deep":
      writeFileSync(plan, `{"format_version":"1.2","planned_values":{"root_module":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`);
      break;
    case "fifo":
      rmSync(plan);
      execFileSync("mkfifo", [plan]);
      break;
    case "dev-zero":
      rmSync(plan);
      symlinkSync("/dev/zero", plan);
      break;
    case "link-out":
      rmSync(plan);
      symlinkSync(join(outside, "credentials"), plan);
      break;
  }
}

/** Is the plan (as placed) JSON at all? When not, `check --iac` must exit 2 (iac/unreadable). */
export function planIsJson(dir: string): boolean {
  const plan = join(dir, "infra", "plan.json");
  try {
    if (!lstatSync(plan).isFile()) return false;
    JSON.parse(readFileSync(plan, "utf8"));
    return true;
  } catch {
    return false;
  }
}
