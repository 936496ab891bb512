// (placeholder of the readers' interface, replaced by branch `readers`)
export type CellValues =
  | { kind: "number"; values: Float64Array }
  | { kind: "string"; values: string[] }
  | { kind: "boolean"; values: boolean[] };
export interface ColumnBatch {
  n: number;
  start: number;
  columns: Record<string, CellValues>;
}
export interface TableReader {
  readonly columns: readonly string[];
  readonly totalBytes: number | undefined;
  readonly bytesRead: number;
  sample(rows: number): Promise<ColumnBatch>;
  batches(request: { columns: string[]; types: Record<string, "number" | "label" | "auto">; batchRows?: number }): AsyncIterable<ColumnBatch>;
  close(): Promise<void>;
}
export interface Split {
  path: string;
}
export class BadInputError extends Error {
  override name = "BadInputError";
  constructor(
    message: string,
    readonly where: { file: string; line?: number; rowGroup?: number; row?: number; column?: string },
  ) {
    super(message);
  }
}
