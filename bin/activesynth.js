#!/usr/bin/env node
// The `activesynth` command. The TypeScript sources are compiled to dist/ by `npm run build`
// (npm run setup does it); this file only forwards to the compiled entry point.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/lib/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error("activesynth: not built yet; run `npm run setup` (or `npm run build`) in the activesynth folder first");
  process.exit(2);
}
// `activesynth export ... | head`: the reader went away; stop quietly instead of an EPIPE trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
