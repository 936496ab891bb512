#!/usr/bin/env node
// The `mlmetrics` command (package.json "bin"): runs dist/cli/main.js and sets
// the exit code (0 done, 1 failure, 2 bad input or usage).
import { main } from "../dist/cli/main.js";

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  async readStdin() {
    const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    return Buffer.concat(chunks).toString("utf8");
  },
};
process.exitCode = await main(process.argv.slice(2), io);
