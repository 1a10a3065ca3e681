import type { ParseArgsConfig } from "node:util";

/** One `activesynth` subcommand: its help and its body (the exit code it returns). */
export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<number>;
}
