/**
 * TSL's published types reject many valid graphs (uint and float mixing, nodes passed between
 * functions), so shader-building code passes nodes as ShaderNode. The graphs are checked where
 * it counts: three compiles them to WGSL at run time, and the end-to-end tests render them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ShaderNode = any;
