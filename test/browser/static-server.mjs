// A minimal static file server on 127.0.0.1 for the browser suites: serves
// files under `root`, extra in-memory `pages`, and optional response headers
// per path (e.g. a Content-Security-Policy).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * @param {string} root
 * @param {{ pages?: Record<string, string>, headers?: Record<string, Record<string, string>> }} [opts]
 * @returns {Promise<{ url: string, requests: string[], close: () => Promise<void> }>}
 */
export function serveStatic(root, opts = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const extra = opts.headers?.[path] ?? {};
    if (opts.pages && path in opts.pages) {
      res.writeHead(200, { "content-type": TYPES[".html"], ...extra });
      res.end(opts.pages[path]);
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root + sep))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...extra });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
