/**
 * fast-check settings from the environment, the same for every robustness property:
 * FC_SEED=<seed> FC_PATH=<path> (from a failure's message) replays that failure;
 * FC_RUNS=<n> runs every property n times instead of its default.
 */
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;

/** The number of runs of a property: its default `n`, or FC_RUNS. */
export const runs = (n: number): number => (process.env.FC_RUNS ? Number(process.env.FC_RUNS) : n);

/** Spread into a property's parameters: the seed and path of a failure to replay, if given. */
export const replay: { seed?: number; path?: string } = { ...(seed !== undefined ? { seed } : {}), ...(path !== undefined ? { path } : {}) };
