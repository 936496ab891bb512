// Launching Debian's Chromium (/usr/bin/chromium, or MLMETRICS_CHROMIUM) with
// playwright-core, for the browser suites.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.MLMETRICS_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** Why the browser suites cannot run here, or null when Chromium is installed. */
export function chromiumMissing() {
  if (existsSync(CHROMIUM)) return null;
  return `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium; .ci/run does this) or set MLMETRICS_CHROMIUM`;
}

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
