// The architecture of src/, checked by `npm run lint:deps` and by test/architecture.test.ts
// (so `npm test`, and with it CI, fails on an import cycle or an import that points up).
// Layers, bottom to top:
//   wasm/ (the one owner of the WebAssembly instance and memory)
//   input/ (validation, label codecs, matrices)
//   state/ (exact sums, sketches, the JSON encoding of evaluator states)
//   regression/ classification/ ranking/ distribution/ (metric families; they never import each other)
//   dicts/ evaluators/ (built from the families' statistics)
//   mlflow/ cli/ figures/ (on top; figures/ is the mlmetrics/artifacts entry, with Vega)   ·   index.ts (public exports only)
const FAMILIES = "(regression|classification|ranking|distribution)";
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "No import cycles anywhere in src/.", from: {}, to: { circular: true } },
    {
      name: "wasm-is-the-bottom",
      severity: "error",
      comment: "src/wasm imports nothing else of src/.",
      from: { path: "^src/wasm/" },
      to: { path: "^src/", pathNot: "^src/wasm/" },
    },
    {
      name: "input-above-wasm-only",
      severity: "error",
      comment: "src/input imports only src/wasm.",
      from: { path: "^src/input/" },
      to: { path: "^src/", pathNot: "^src/(wasm|input)/" },
    },
    {
      name: "state-above-input",
      severity: "error",
      comment: "src/state imports only src/wasm, src/input and itself.",
      from: { path: "^src/state/" },
      to: { path: "^src/", pathNot: "^src/(wasm|input|state)/" },
    },
    {
      name: "families-stand-alone",
      severity: "error",
      comment: "A metric family imports only src/wasm, src/input, src/state and itself.",
      from: { path: `^src/${FAMILIES}/` },
      to: { path: "^src/", pathNot: "^src/(wasm|input|state|$1)/" },
    },
    {
      name: "dicts-and-evaluators-below-mlflow",
      severity: "error",
      comment: "Dicts and evaluators never import mlflow/, cli/, figures/ or the index.",
      from: { path: "^src/(dicts|evaluators)/" },
      to: { path: "^src/(mlflow|cli|figures)/|^src/index\\.ts$" },
    },
    {
      name: "dicts-below-evaluators",
      severity: "error",
      comment: "Evaluators build on the dicts' key rules, not the other way round.",
      from: { path: "^src/dicts/" },
      to: { path: "^src/evaluators/" },
    },
    {
      name: "only-cli-imports-cli",
      severity: "error",
      comment: "src/cli (the Node-only command and its readers) is the top layer: nothing else of src/ imports it.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "the-index-never-reaches-cli",
      severity: "error",
      comment: "Nothing that src/index.ts imports, directly or not, is in src/cli (the library stays browser-compatible).",
      from: { path: "^src/index\\.ts$" },
      to: { path: "^src/cli/", reachable: true },
    },
    {
      name: "node-builtins-only-in-cli",
      severity: "error",
      comment: "Only src/cli may import Node's built-in modules.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "npm-packages-only-in-cli",
      severity: "error",
      comment: "Outside src/cli (and src/figures, below) the library imports no npm package but @assemblyscript/loader.",
      from: { path: "^src/", pathNot: "^src/(cli|figures)/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"], pathNot: "node_modules/@assemblyscript/loader/" },
      },
    {
      name: "figures-import-only-the-charting-packages",
      severity: "error",
      comment: "src/figures (the mlmetrics/artifacts entry) may import vega and vega-lite (browser-compatible); @resvg/resvg-js only by a dynamic import of a variable name.",
      from: { path: "^src/figures/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"], pathNot: "node_modules/(vega|vega-lite|@assemblyscript/loader)/" },
    },
    {
      name: "the-index-never-reaches-figures",
      severity: "error",
      comment: "src/index.ts stays light: the charting code (src/figures, Vega) is the separate entry mlmetrics/artifacts.",
      from: { path: "^src/index\\.ts$" },
      to: { path: "^src/figures/", reachable: true },
    },
    {
      name: "only-figures-imports-figures",
      severity: "error",
      comment: "Nothing below the top layer imports src/figures.",
      from: { path: "^src/", pathNot: "^src/(figures|cli)/" },
      to: { path: "^src/figures/" },
    },
      {
        name: "guess-stands-alone",
        severity: "error",
        comment: "src/guess (shared by the command and the preview page) is pure logic.",
        from: { path: "^src/guess/" },
        to: { path: "^src/", pathNot: "^src/guess/" },
    },
    {
      name: "nothing-imports-the-index",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/index\\.ts$" },
      to: { path: "^src/index\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
