/**
 * The TypeScript compiler API, passed in by the caller: `typescript` is loaded only by the
 * commands that need it (dynamic import), never by this module at load time.
 */
export type TS = typeof import("typescript");
export type Factory = import("typescript").NodeFactory;
export type Expression = import("typescript").Expression;
export type Statement = import("typescript").Statement;
export type TypeNode = import("typescript").TypeNode;
export type Node = import("typescript").Node;
