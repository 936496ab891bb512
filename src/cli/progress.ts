/**
 * A progress line on stderr (only when stderr is a terminal and not --quiet):
 * rows, bytes, rows/s, and the ETA when the input's size is known.
 * @module
 */

export interface ProgressSink {
  isTTY?: boolean;
  write(s: string): unknown;
}

function human(n: number, unit: string): string {
  const u = ["", "k", "M", "G", "T"];
  let i = 0;
  while (n >= 1000 && i < u.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n < 10 && i > 0 ? n.toFixed(1) : Math.round(n)}${u[i]}${unit}`;
}

function clock(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${Math.round(s)}s`;
}

export class Progress {
  #t0 = performance.now();
  #last = 0;
  #shown = false;
  constructor(
    readonly sink: ProgressSink,
    readonly enabled: boolean,
    readonly totalBytes: number | undefined,
  ) {}

  update(rows: number, bytes: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.#last < 200) return;
    this.#last = now;
    const s = (now - this.#t0) / 1000;
    const rate = rows / Math.max(s, 1e-9);
    let line = `${human(rows, " rows")}  ${human(bytes, "B")}${this.totalBytes ? ` of ${human(this.totalBytes, "B")}` : ""}  ${human(rate, " rows/s")}`;
    if (this.totalBytes && bytes > 0) {
      const frac = Math.min(1, bytes / this.totalBytes);
      const w = 24;
      const fill = Math.round(frac * w);
      line = `[${"#".repeat(fill)}${".".repeat(w - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${line}  ETA ${clock((s / frac) * (1 - frac))}`;
    }
    this.sink.write(`\r${line}\x1b[K`);
    this.#shown = true;
  }

  done(): void {
    if (this.#shown) this.sink.write("\r\x1b[K");
  }
}
