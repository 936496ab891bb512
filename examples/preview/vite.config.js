// Vite config of the preview page. `mlmetrics` resolves to this repository's
// published entry (dist/index.js, built by `npm run build`), as it would from
// node_modules.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  resolve: {
    alias: [
      { find: /^mlmetrics\/artifacts$/, replacement: fileURLToPath(new URL("../../dist/figures/index.js", import.meta.url)) },
      { find: /^mlmetrics$/, replacement: fileURLToPath(new URL("../../dist/index.js", import.meta.url)) },
    ],
  },
  worker: { format: "es" },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  preview: { host: "127.0.0.1", strictPort: false },
});
