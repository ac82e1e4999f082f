/** Resource limits of the loader: generous for real contracts, fatal for attacks. */
export interface LoadLimits {
  /** Largest contract file read, in bytes (checked with stat before reading). */
  readonly maxFileBytes: number;
  /** Deepest nesting of mappings and sequences (real contracts stay below 15). */
  readonly maxDepth: number;
  /** Alias expansions per document (a billion-laughs file needs millions). */
  readonly maxAliases: number;
  /** Values produced per document, counting alias expansions. */
  readonly maxNodes: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxDepth: 64,
  maxAliases: 100,
  maxNodes: 1_000_000,
};
