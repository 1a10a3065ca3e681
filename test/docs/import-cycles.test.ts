// lib/ imports run one way: no module reaches itself again through its imports (type imports
// count too, as a reader follows them). Reads the sources, so it needs no build of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Each module's relative imports and re-exports, as paths of .ts files. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(root)) {
    const text = readFileSync(file, "utf8");
    const deps = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/gms)].map((m) => normalize(join(dirname(file), m[1]!.replace(/\.js$/, ".ts"))));
    graph.set(normalize(file), deps);
  }
  return graph;
}

/** The first cycle found, as the list of modules around it; null when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const walk = (node: string, path: string[]): string[] | null => {
    state.set(node, "open");
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = walk(next, [...path, next]);
        if (found) return found;
      }
    }
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    if (state.has(node)) continue;
    const found = walk(node, [node]);
    if (found) return found;
  }
  return null;
}

test("the cycle finder sees a cycle when there is one", () => {
  assert.deepEqual(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]])), ["a", "b", "c", "a"]);
  assert.equal(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]])), null);
});

test("no module in lib/ imports itself back through other modules", () => {
  const graph = importGraph(join(process.cwd(), "lib"));
  assert.ok(graph.size > 100, `read ${graph.size} modules`);
  assert.ok((graph.get(normalize(join(process.cwd(), "lib", "cli", "main.ts"))) ?? []).length > 5);
  const cycle = findCycle(graph);
  assert.equal(cycle, null, `import cycle: ${cycle?.map((f) => f.slice(process.cwd().length + 1)).join(" -> ")}`);
});

/** Each folder of lib/ with the folders of lib/ it must not import from (directly). */
const BELOW: Record<string, string[]> = {
  // tasks own their teachers' templates, checks and procedural teachers: tasks import teacher, never the reverse
  teacher: ["tasks", "student", "select", "loop", "experiment", "results", "cli"],
  student: ["tasks", "teacher", "store", "select", "loop", "experiment", "results", "cli"],
  store: ["tasks", "teacher", "student", "select", "loop", "results", "cli"],
  core: ["tasks", "teacher", "student", "store", "select", "loop", "experiment", "results", "cli", "util"],
  util: ["core", "tasks", "teacher", "student", "store", "select", "loop", "experiment", "results", "cli"],
};

test("lower folders of lib/ import nothing from the ones above them (teacher nothing from tasks)", () => {
  const lib = join(process.cwd(), "lib");
  const folderOf = (file: string): string => file.slice(lib.length + 1).split(/[\\/]/)[0]!;
  const wrong: string[] = [];
  for (const [file, deps] of importGraph(lib)) {
    const forbidden = BELOW[folderOf(file)] ?? [];
    for (const dep of deps) if (forbidden.includes(folderOf(dep))) wrong.push(`${file.slice(lib.length + 1)} imports ${dep.slice(lib.length + 1)}`);
  }
  assert.ok(importGraph(join(lib, "teacher")).size > 10);
  assert.deepEqual(wrong, []);
});
