// `npm run preview`: builds the preview page with Vite and serves it on
// 127.0.0.1 (port 4173, or PORT). Also imported by the browser tests.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const configFile = fileURLToPath(new URL("./vite.config.js", import.meta.url));
const repo = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Builds the page into examples/preview/dist (runs `npm run build` first when dist/index.js is missing).
 * Tests pass `mlmetrics` (the entry to bundle) and `outDir`.
 */
export async function buildPreview({ mlmetrics, outDir } = {}) {
  if (!mlmetrics && !existsSync(`${repo}/dist/index.js`)) {
    const r = spawnSync("npm", ["run", "build"], { cwd: repo, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm run build failed");
  }
  await build({
    configFile,
    root: here,
    // `mlmetrics`: the package's dist/index.js; mlmetrics/artifacts is dist/figures/index.js beside it
    ...(mlmetrics
      ? { resolve: { alias: [{ find: /^mlmetrics\/artifacts$/, replacement: join(dirname(mlmetrics), "figures/index.js") }, { find: /^mlmetrics$/, replacement: mlmetrics }] } }
      : {}),
    ...(outDir ? { build: { outDir } } : {}),
  });
}

/** Serves the built page; resolves to { url, close() }. `port` 0 picks a free port. */
export async function servePreview(port = 4173, { outDir } = {}) {
  const server = await preview({
    configFile,
    root: here,
    preview: { host: "127.0.0.1", port, strictPort: port !== 0 },
    ...(outDir ? { build: { outDir } } : {}),
  });
  const addr = server.httpServer.address();
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => server.close() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildPreview();
  const { url } = await servePreview(Number(process.env.PORT ?? 4173));
  console.log(`mlmetrics preview: ${url}  (Ctrl-C to stop)`);
}
