import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import type { Command } from "./command.js";
import { didYouMean } from "../util/nearest.js";
import { ConfigError } from "../experiment/config.js";
import { RunConfigConflictError, UnknownRunError } from "../store/errors.js";
import { demoCommand } from "./commands/demo.js";
import { runCommand } from "./commands/run.js";
import { statusCommand } from "./commands/status.js";
import { exportCommand } from "./commands/export.js";
import { figuresCommand } from "./commands/figures.js";
import { resultsCommand } from "./commands/results.js";
import { mergeCommand } from "./commands/merge.js";
import { viewCommand } from "./commands/view.js";

export type { Command } from "./command.js";

const commands: Record<string, Command> = {
  demo: demoCommand,
  run: runCommand,
  status: statusCommand,
  export: exportCommand,
  figures: figuresCommand,
  results: resultsCommand,
  merge: mergeCommand,
  view: viewCommand,
};

/** Registers more commands (figures, ...). */
export function addCommand(name: string, command: Command): void {
  commands[name] = command;
}

function help(): string {
  const lines = ["usage: activesynth <command> [options]", "", "commands:"];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(9)} ${c.summary}`);
  lines.push("", "activesynth <command> --help shows a command's options.");
  return lines.join("\n");
}

/** Runs the CLI; returns the exit code. User errors print one line and return 2. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`activesynth: unknown command "${name}"${didYouMean(name, Object.keys(commands))}; commands: ${Object.keys(commands).join(", ")}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    if (values.help) {
      console.log(command.usage);
      return 0;
    }
    return await command.run(values as Record<string, string | boolean | string[] | undefined>, positionals);
  } catch (error) {
    const e = error as Error & { code?: string };
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      // Node's own text suggests "--" for positionals; say what was meant instead
      const flag = /'(--?[^']+)'/.exec(e.message)?.[1] ?? "";
      const known = Object.keys(command.options).map((o) => `--${o}`);
      console.error(`activesynth ${name}: unknown option ${flag}${didYouMean(flag, known)}; options: ${known.join(", ")} (see activesynth ${name} --help)`);
      return 2;
    }
    const userErrors = [UsageError, ConfigError, RunConfigConflictError, UnknownRunError];
    if (userErrors.some((kind) => error instanceof kind) || e.code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`activesynth ${name}: ${e.message}`);
      return 2;
    }
    console.error(`activesynth ${name}: ${e.stack ?? e.message}`);
    return 1;
  }
}
