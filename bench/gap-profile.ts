/**
 * Which functions ran while nothing was in flight: reads a main-thread CPU profile of the scale
 * bench (`node --cpu-prof`) and the idle stretches it wrote (`SCALE_GAPS_FILE`), and prints, for
 * each kind of stretch (the step it ended in and the request that ended it), the functions with
 * the most samples inside those stretches, by self time.
 *
 *   SCALE_GAPS_FILE=/tmp/gaps node --cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval 100 dist/bench/scale.js 100000 1000 0
 *   node dist/bench/gap-profile.js /tmp/prof/CPU.*.0.001.cpuprofile /tmp/gaps.100000.json
 */
import { readFileSync } from "node:fs";

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

const [profilePath, gapsPath, top = "12"] = process.argv.slice(2);
if (!profilePath || !gapsPath) {
  console.error("usage: node dist/bench/gap-profile.js PROFILE.cpuprofile GAPS.json [top]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(profilePath, "utf8")) as Profile;
// [start, end, "iteration:step request"] in process.hrtime microseconds; iteration 0 (setup) left out
const gaps = (JSON.parse(readFileSync(gapsPath, "utf8")) as Array<[number, number, string]>).filter(([, , label]) => !label.startsWith("0:"));
const nameOf = new Map(profile.nodes.map((n) => {
  const f = n.callFrame;
  return [n.id, `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`];
}));
const times: number[] = [];
let at = profile.startTime;
for (const d of profile.timeDeltas) times.push((at += d));

const byKind = new Map<string, Map<string, number>>();
let g = 0;
const sorted = [...gaps].sort((a, b) => a[0] - b[0]);
for (let i = 1; i < times.length; i++) {
  const t = times[i]!;
  while (g < sorted.length && sorted[g]![1] < t) g++;
  const gap = sorted[g];
  if (!gap || gap[0] > t) continue;
  const kind = gap[2].replace(/^\d+:/, "");
  if (!byKind.has(kind)) byKind.set(kind, new Map());
  const fns = byKind.get(kind)!;
  const name = nameOf.get(profile.samples[i]!) ?? "?";
  fns.set(name, (fns.get(name) ?? 0) + (t - times[i - 1]!));
}
for (const [kind, fns] of [...byKind].sort((a, b) => sum(b[1]) - sum(a[1]))) {
  console.log(`${kind}: ${(sum(fns) / 1000).toFixed(1)} ms in all`);
  for (const [name, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}`);
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
