/** `cordon build --target ts`: one typed, redacting telemetry module per service. */
export { generateModules, generateServiceModule } from "./module.js";
export type { GeneratedModule, GenerateOptions } from "./module.js";
