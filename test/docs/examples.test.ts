/**
 * Every `@example` in lib/ runs (STYLE.md: examples are tested). An example is a JSDoc block after
 * `@example`; in the module's scope (its exports, and the library's public API) it must run without
 * throwing, and each line `expression // value` must give that value (deep equality; a value that is
 * not a JavaScript literal is compared with the printed result's start, e.g. `// 0.9 (p 0.04)`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { fromRoot } from "../../lib/util/paths.js";

interface Example { file: string; line: number; code: string }

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The @example blocks of a source file, comment markers stripped. */
export function examplesOf(file: string, text: string): Example[] {
  const out: Example[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\*\s*@example\b ?(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const body = m[1]!.trim() ? [m[1]!] : [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (/^\s*\*\//.test(l) || /^\s*\*\s*@\w/.test(l)) break;
      body.push(l.replace(/^\s*\* ?/, "").replace(/\s*\*\/\s*$/, ""));
      if (/\*\//.test(l)) break;
    }
    out.push({ file, line: i + 1, code: body.join("\n").trim() });
  }
  return out;
}

/** Splits `expr // value` lines into checks; other lines run as statements. */
function program(code: string): string {
  const out: string[] = [];
  let pending = "";
  // a line that starts with "." continues the one before it (a method chain)
  const joined = code.split("\n").reduce<string[]>((acc, l) => {
    if (/^\s*\./.test(l) && acc.length > 0) acc[acc.length - 1] = acc[acc.length - 1]!.replace(/\s*\/\/ .*$/, "") + l.trim();
    else acc.push(l);
    return acc;
  }, []);
  for (const raw of joined) {
    const line = pending + raw;
    const m = /^(.*?\S)\s*\/\/ (.+)$/.exec(line);
    if (m && /^\s*(const|let|var)\s/.test(m[1]!)) {
      out.push(m[1]!); // a declaration: its comment shows a value, not a check
      pending = "";
    } else if (m && !/^\s*\/\//.test(line) && balanced(m[1]!)) {
      out.push(`await __check(${JSON.stringify(m[1])}, () => (${m[1]}), ${JSON.stringify(m[2])});`);
      pending = "";
    } else if (!balanced(line)) {
      pending = line + "\n";
    } else {
      out.push(line);
      pending = "";
    }
  }
  return out.join("\n") + pending;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`/g, "")) {
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
  }
  return depth === 0;
}

async function check(source: string, actualFn: () => unknown, expected: string): Promise<void> {
  const actual = await actualFn();
  let want: unknown;
  try {
    want = new Function(`return (${expected});`)();
  } catch {
    want = undefined;
  }
  if (want !== undefined || expected.trim() === "undefined") {
    if (typeof want === "number" && typeof actual === "number" && !Number.isInteger(want)) {
      const digits = (expected.split(".")[1] ?? "").replace(/\D.*$/, "").length;
      assert.ok(Math.abs(actual - want) <= 0.5 * 10 ** -digits, `${source}: got ${actual}, the example says ${expected}`);
    } else assert.deepEqual(actual, want, `${source}: the example says ${expected}`);
  } else {
    const printed = typeof actual === "string" ? actual : JSON.stringify(actual);
    assert.ok(printed.startsWith(expected.split(" ")[0]!.replace(/^"|"$/g, "")), `${source}: got ${printed}, the example says ${expected}`);
  }
}

const root = fromRoot();
const examples = sources(join(root, "lib")).flatMap((f) => examplesOf(f, readFileSync(f, "utf8")));

test("lib/ has examples to run", () => {
  assert.ok(examples.length >= 60, `${examples.length} examples`);
});

for (const ex of examples) {
  const where = `${relative(root, ex.file)}:${ex.line}`;
  test(`@example ${where}`, async () => {
    const js = join(root, "dist", relative(root, ex.file)).replace(/\.ts$/, ".js");
    const api = (await import(pathToFileURL(join(root, "dist", "lib", "index.js")).href)) as Record<string, unknown>;
    const own = (await import(pathToFileURL(js).href)) as Record<string, unknown>;
    const scope: Record<string, unknown> = { ...api, ...own };
    const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    const body = program(ex.code);
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    const fn = new AsyncFunction("__check", ...names, body);
    await fn((src: string, f: () => unknown, want: string) => check(`${where}: ${src}`, f, want), ...names.map((n) => scope[n]));
  });
}
