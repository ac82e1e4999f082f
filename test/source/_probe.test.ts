import { test } from "vitest";
import ts from "typescript";
import { createContext } from "../../compiler/source/context.js";
import { analyzeFile } from "../../compiler/source/analyze.js";
import { createProgram, groupByTsconfig } from "../../compiler/source/program.js";
import { whereText } from "../../compiler/source/declared.js";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
test("probe", async () => {
  const root = resolve("examples/shop");
  const files = readdirSync(root + "/services", { recursive: true }).map(String).filter((f) => f.endsWith(".ts")).map((f) => root + "/services/" + f);
  const t0 = Date.now();
  for (const group of groupByTsconfig(files, root)) {
    const program = createProgram(ts, group, new Map(), new Map());
    const ctx = createContext(ts, program);
    for (const f of group.files) {
      const { emissions, exporters } = analyzeFile(ctx, program.getSourceFile(f)!);
      for (const e of emissions) console.log(f.slice(root.length), e.api, whereText(e.where), e.byName, e.keys.map((k) => k.key ?? `?${k.text}`).join(","));
      for (const x of exporters) console.log(f.slice(root.length), x.className, x.url.kind, x.url.kind === "static" ? x.url.value : "", x.reachesFactory, x.byName);
    }
  }
  console.log(Date.now() - t0, "ms");
});
