/** One pass over a source file: its emission sites and its exporters. */
import type ts from "typescript";
import type { ScanContext } from "./context.js";
import { exporterOf, type ExporterSite } from "./exporters.js";
import { emissionsOf, resourceEmission, type Emission } from "./sites.js";

export interface FileAnalysis {
  readonly emissions: Emission[];
  readonly exporters: ExporterSite[];
}

export function analyzeFile(ctx: ScanContext, sf: ts.SourceFile): FileAnalysis {
  const t = ctx.ts;
  const emissions: Emission[] = [];
  const exporters: ExporterSite[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node)) emissions.push(...emissionsOf(ctx, node));
    else if (t.isNewExpression(node)) {
      emissions.push(...resourceEmission(ctx, node));
      const exporter = exporterOf(ctx, node);
      if (exporter) exporters.push(exporter);
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return { emissions, exporters };
}
