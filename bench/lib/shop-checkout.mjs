// The shop's `checkout` module for the runtime benches: generated from examples/shop and
// transpiled to JavaScript that imports a built runtime, in a scratch folder under .cordon-tmp.
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

/**
 * `runtime`: the built runtime's URL the module imports; `exportPlan`: also export the module's
 * PLAN as `__PLAN` (bench-only); `folder`: the scratch folder's name prefix.
 * `on(url)` is the same JavaScript importing another runtime (a baseline build's).
 */
export async function shopCheckout(repo, { runtime, exportPlan = false, folder }) {
  const { loadContractSet } = await import(pathToFileURL(join(repo, "dist/contracts/load.js")).href);
  const { generateModules } = await import(pathToFileURL(join(repo, "dist/compiler/codegen/index.js")).href);
  const loaded = await loadContractSet(join(repo, "examples/shop/contracts"));
  if (!loaded.set) throw new Error("examples/shop does not load");
  const service = loaded.set.services.get("checkout");
  const module = generateModules(ts, loaded.set, "0.1.0").find((m) => m.service === "checkout");
  const text = module.text.replace(/from "@?cordon\/runtime"/g, `from ${JSON.stringify(runtime)}`) + (exportPlan ? "\nexport { PLAN as __PLAN };\n" : "");
  const js = ts.transpileModule(text, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText;
  if (!js.includes(JSON.stringify(runtime))) throw new Error("the generated module's runtime import was not found");
  await mkdir(join(repo, ".cordon-tmp"), { recursive: true });
  const work = await mkdtemp(join(repo, ".cordon-tmp", folder));
  const on = (url) => js.replace(JSON.stringify(runtime), JSON.stringify(url));
  return { loaded, service, js, work, on };
}
