// A consumer app that uses the shipped mlmetrics.wasm instead of the embedded
// bytes: Vite emits it as an asset, the page compiles it with
// compileStreaming and hands the module to init().
import { init, regressionMetrics } from "mlmetrics";
import wasmUrl from "mlmetrics/mlmetrics.wasm?url";
import { INPUT } from "./input.js";

const out = document.getElementById("out");
try {
  const module = await WebAssembly.compileStreaming(fetch(wasmUrl));
  await init(module);
  out.textContent = JSON.stringify({ wasmUrl, regression: regressionMetrics(INPUT.regression) });
  out.dataset.state = "ok";
} catch (err) {
  out.textContent = `${err?.name}: ${err?.message}`;
  out.dataset.state = "error";
}
