// Measurement: the node_modules a service gets from `npm install <@cordon/runtime tarball>` in an
// empty folder, for the package as published (the SDK packages as optional peers) and for the
// alternatives issue 15 weighed, each made from the same tarball with only package.json changed:
//   sdk-as-dependencies        the SDK packages as dependencies (what 0.1 published)
//   sdk-as-required-peers      peers without `optional` (npm >= 7 installs them)
//   dependencies-semconv-1.29  as dependencies, with @opentelemetry/semantic-conventions pinned
//                              to 1.29.0, the oldest release @opentelemetry/core ^2 accepts
// Sizes are `du -sb` (apparent bytes), so they do not depend on the machine's load. Needs the
// npm registry. Run after `npm run build`:
//   node bench/runtime-install-size.mjs
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUDGET = 10_000_000;
const work = mkdtempSync(join(tmpdir(), "cordon-install-size-"));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

const variants = {
  published: () => {},
  "sdk-as-dependencies": (p) => {
    Object.assign(p.dependencies, p.peerDependencies);
    delete p.peerDependencies;
    delete p.peerDependenciesMeta;
  },
  "sdk-as-required-peers": (p) => {
    delete p.peerDependenciesMeta;
  },
  "dependencies-semconv-1.29": (p) => {
    variants["sdk-as-dependencies"](p);
    p.dependencies["@opentelemetry/semantic-conventions"] = "1.29.0";
  },
};

try {
  const packed = npm(["pack", "--workspace=@cordon/runtime", "--ignore-scripts", "--silent", "--pack-destination", work], REPO).split("\n").pop();
  const published = join(work, "original.tgz");
  execFileSync("mv", [join(work, packed), published]);
  const rows = [];
  for (const [name, change] of Object.entries(variants)) {
    const pkg = join(work, `pkg-${name}`);
    mkdirSync(pkg);
    execFileSync("tar", ["-xzf", published, "-C", pkg, "--strip-components=1"]);
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
    change(manifest);
    writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2));
    const tarball = join(work, `${name}.tgz`);
    const repacked = npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", work], pkg).split("\n").pop();
    execFileSync("mv", [join(work, repacked), tarball]);
    const service = join(work, `service-${name}`);
    mkdirSync(service);
    npm(["init", "-y"], service);
    npm(["install", "--no-audit", "--no-fund", tarball], service);
    const bytes = Number(execFileSync("du", ["-sb", join(service, "node_modules")], { encoding: "utf8" }).split("\t")[0]);
    const otel = readdirSync(join(service, "node_modules", "@opentelemetry")).sort();
    rows.push({ name, bytes, otel });
  }
  const base = rows[0].bytes;
  console.log(`@cordon/runtime installed alone (budget ${BUDGET.toLocaleString("en")} bytes); load: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
  for (const { name, bytes, otel } of rows) {
    console.log(
      `${name.padEnd(28)} ${bytes.toLocaleString("en").padStart(12)} bytes  ${(bytes / 1e6).toFixed(2).padStart(6)} MB  ` +
        `×${(bytes / base).toFixed(2)} of published  ${bytes <= BUDGET ? "within" : "OVER"} budget  @opentelemetry/{${otel.join(",")}}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
