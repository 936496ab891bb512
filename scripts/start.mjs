// `npm start`: with no arguments, the main job on the bundled example data
// (examples/run.mjs: the three dicts, both presets, and a merged evaluator);
// with arguments, the `mlmetrics` command (`npm start -- eval file.csv`).
const args = process.argv.slice(2);
if (args.length === 0) await import("../examples/run.mjs");
else await import("../bin/mlmetrics.js");
