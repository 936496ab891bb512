// (placeholder, replaced by branch `readers`)
import type { Split, TableReader } from "./types.js";
export * from "./types.js";
export async function openTable(_path: string, _options?: { format?: string; delimiter?: string }): Promise<TableReader> {
  throw new Error("readers not merged yet");
}
export async function splitTable(path: string, _parts: number): Promise<Split[]> {
  return [{ path }];
}
export async function openSplit(_split: Split): Promise<TableReader> {
  throw new Error("readers not merged yet");
}
