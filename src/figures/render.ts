/**
 * Rendering: a Vega-Lite spec → SVG (Vega's headless `toSVG`, Node and
 * browsers) → PNG on request (resvg, Node). No chart is drawn by hand here:
 * the specs of ./charts.ts describe the charts, Vega lays them out.
 * @module
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { ValueError } from "../input/validate.js";

/** The output formats of a figure. */
export type FigureFormat = "svg" | "png";

/** A rendered figure: SVG text or PNG bytes, with its size in pixels. */
export interface Figure {
  format: FigureFormat;
  /** SVG markup (`format: 'svg'`) or PNG bytes (`format: 'png'`). */
  data: string | Uint8Array;
  /** Width and height in pixels (PNG: after `scale`). */
  width: number;
  height: number;
  /** `image/svg+xml` or `image/png`. */
  mimeType: string;
}

/** Options every figure function takes. */
export interface FigureOptions {
  /** `'svg'` (default: small, deterministic, shown by the MLflow UI) or `'png'`. */
  format?: FigureFormat;
  /** PNG pixels per SVG pixel (default 2). */
  scale?: number;
}

// Compiled Vega specs and their parsed dataflows, per template (the spec without
// its data): the data go in through view.data(), so a template is compiled once.
const cache = new Map<string, ReturnType<typeof parse>>();
const MAX_CACHE = 64;

/**
 * Renders a Vega-Lite spec whose datasets are named (`data: { name }`) and
 * given in `datasets`. The compiled and parsed template is cached by its JSON.
 * @example
 * ```ts
 * const fig = await renderSpec({ mark: "point", data: { name: "d" }, encoding: { x: { field: "a", type: "quantitative" } } },
 *   { d: [{ a: 1 }, { a: 2 }] });
 * fig.format; // "svg"
 * ```
 */
export async function renderSpec(
  spec: TopLevelSpec,
  datasets: Record<string, readonly object[]>,
  options: FigureOptions = {},
): Promise<Figure> {
  const format = options.format ?? "svg";
  if (format !== "svg" && format !== "png") throw new ValueError(`format must be 'svg' or 'png', got ${JSON.stringify(format)}`);
  const scale = options.scale ?? 2;
  if (typeof scale !== "number" || !(scale > 0) || scale > 16) throw new ValueError(`scale must be a number in (0, 16], got ${String(scale)}`);
  const key = JSON.stringify(spec);
  let runtime = cache.get(key);
  if (!runtime) {
    runtime = parse(compile(spec).spec);
    if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
    cache.set(key, runtime);
  }
  const view = new View(runtime, { renderer: "none" });
  try {
    for (const [name, values] of Object.entries(datasets)) view.data(name, values as object[]);
    await view.runAsync();
    const svg = canonicalIds(await view.toSVG());
    const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    const width = m ? Number(m[1]) : view.width();
    const height = m ? Number(m[2]) : view.height();
    if (format === "svg") return { format, data: svg, width, height, mimeType: "image/svg+xml" };
    return await rasterise(svg, scale);
  } finally {
    view.finalize();
  }
}

/**
 * Vega numbers clip paths and gradients with process-wide counters (`clip7`, `gradient_3`), so the
 * same figure drawn twice in one process would differ in those ids; they are renumbered here in
 * order of first appearance, which makes every figure's bytes depend on its data alone.
 */
function canonicalIds(svg: string): string {
  const ids = new Map<string, string>();
  const canon = (id: string) => {
    let c = ids.get(id);
    if (!c) {
      const kind = id.startsWith("clip") ? "clip" : "gradient_";
      c = `${kind}${[...ids.keys()].filter((k) => k.startsWith(kind === "clip" ? "clip" : "gradient")).length + (kind === "clip" ? 1 : 0)}`;
      ids.set(id, c);
    }
    return c;
  };
  return svg.replace(/(id="|url\(#)(p_)?(clip\d+|gradient_\d+)(?=[")])/g, (_m, pre: string, p: string | undefined, id: string) => `${pre}${p ?? ""}${canon(id)}`);
}

type ResvgModule = { Resvg: new (svg: string, opts: object) => { render(): { asPng(): Uint8Array; width: number; height: number } } };
let resvg: Promise<ResvgModule> | undefined;

/**
 * SVG → PNG with resvg (`@resvg/resvg-js`, Node; text in the system's
 * sans-serif font). Browsers: render the SVG in an `<img>` and draw it on a
 * canvas instead.
 * @example
 * ```ts
 * const png = await rasterise(svgFigure.data as string, 2); // { format: "png", data: Uint8Array, width, height, ... }
 * ```
 */
export async function rasterise(svg: string, scale = 2): Promise<Figure> {
  const name = "@resvg/resvg-js"; // a variable: bundlers for the browser leave it alone
  resvg ??= import(/* @vite-ignore */ name) as Promise<ResvgModule>;
  let mod: ResvgModule;
  try {
    mod = await resvg;
  } catch (e) {
    resvg = undefined;
    throw new ValueError(`PNG output needs @resvg/resvg-js (Node): ${(e as Error).message}`);
  }
  const img = new mod.Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  }).render();
  return { format: "png", data: new Uint8Array(img.asPng()), width: img.width, height: img.height, mimeType: "image/png" };
}
