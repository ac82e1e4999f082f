/** One pass over a source file: its emission sites and its exporters. */
import type ts from "typescript";
import type { ScanContext } from "./context.js";
import { exporterOf, type ExporterSite } from "./exporters.js";
import { nodeSdkOf, registerImportOf, type SdkSite } from "./sdk.js";
import { emissionsOf, resourceEmission, type Emission } from "./sites.js";

export interface FileAnalysis {
  readonly emissions: Emission[];
  readonly exporters: ExporterSite[];
  /** SDK entry points that export by configuration (NodeSDK without exporters, `…/register`). */
  readonly sdks: SdkSite[];
}

export function analyzeFile(ctx: ScanContext, sf: ts.SourceFile): FileAnalysis {
  const t = ctx.ts;
  const emissions: Emission[] = [];
  const exporters: ExporterSite[] = [];
  const sdks: SdkSite[] = [];
  const visit = (node: ts.Node): void => {
    if (t.isCallExpression(node)) {
      emissions.push(...emissionsOf(ctx, node));
      const register = registerImportOf(ctx, node);
      if (register) sdks.push(register);
    } else if (t.isNewExpression(node)) {
      emissions.push(...resourceEmission(ctx, node));
      const exporter = exporterOf(ctx, node);
      if (exporter) exporters.push(exporter);
      const sdk = nodeSdkOf(ctx, node);
      if (sdk) sdks.push(sdk);
    } else if (t.isImportDeclaration(node)) {
      const register = registerImportOf(ctx, node);
      if (register) sdks.push(register);
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return { emissions, exporters, sdks };
}
