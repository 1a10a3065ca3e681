/**
 * What did the student learn about "Unknown"? A measurement on a finished ProofWriter experiment
 * (data/experiments/smollm2-proofwriter.json), as `bench forgetting` is for the tiny student.
 *
 * For the base model and each chosen run's checkpoints it scores the three label lines ("Answer:
 * True", "Answer: False", "Answer: Unknown") after every test question of the store, and turns the
 * three log-likelihoods into probabilities. It prints, per model: the mean probability of Unknown
 * on the test items whose answer is Unknown and on the others, the AUC of that probability between
 * the two groups (0.5: it cannot tell them apart; 1: every Unknown item above every provable one),
 * and how often Unknown is the most likely label on each group. A student that learnt *when* to say
 * Unknown has a high AUC; one that learnt only *that* Unknown exists has a raised probability on
 * both groups and an AUC near 0.5.
 *
 *   npm run bench -- label-margins --db .activesynth/smollm2-proofwriter.sqlite [--seeds 0] [--iterations last|all] [--threads 2]
 *
 * About 1-2 minutes per model on 2 cores (90 test items x 3 labels).
 */
import Database from "better-sqlite3";
import { startStudentServer } from "../lib/student/spawn.js";
import { StudentClient } from "../lib/student/client.js";
import { proofwriterTask } from "../lib/tasks/logic/proofwriter.js";
import { solveProofwriter } from "../lib/tasks/logic/proofwriter-solve.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? process.argv[i + 1] : fallback;
  if (value === undefined) throw new Error(`label-margins: --${name} needs a value`);
  return value;
}

const dbPath = arg("db", ".activesynth/smollm2-proofwriter.sqlite");
const seeds = new Set(arg("seeds", "0").split(",").map(Number));
const iterations = arg("iterations", "last");
const threads = Number(arg("threads", "2"));
const LABELS = ["True", "False", "Unknown"] as const;

interface Model {
  label: string;
  id: string;
}

const db = new Database(dbPath, { readonly: true, fileMustExist: true });
const runs = db.prepare("SELECT id, config FROM runs ORDER BY id").all() as Array<{ id: string; config: string }>;
const chosen = runs.filter((r) => seeds.has((JSON.parse(r.config) as { seed: number }).seed));
if (chosen.length === 0) throw new Error(`label-margins: no run of seed(s) ${[...seeds].join(",")} in ${dbPath}`);
const modelsQuery = db.prepare("SELECT DISTINCT iteration, model FROM evaluations WHERE run_id = ? ORDER BY iteration");
const evalModels = (id: string) => modelsQuery.all(id) as Array<{ iteration: number; model: string }>;
const models: Model[] = [];
for (const r of chosen) {
  const rows = evalModels(r.id);
  if (models.length === 0 && rows[0]) models.push({ label: "base (t = 0)", id: rows[0].model });
  const picked = iterations === "all" ? rows.slice(1) : rows.slice(-1);
  for (const row of picked) models.push({ label: `${r.id} t=${row.iteration}`, id: row.model });
}
const test = db
  .prepare(
    `SELECT DISTINCT x.id, x.question, x.kind FROM evaluations e JOIN examples x ON x.id = e.example_id
     WHERE e.run_id = ? AND e.iteration = 0 ORDER BY x.id`,
  )
  .all(chosen[0]!.id) as Array<{ id: string; question: string; kind: string }>;
// the solver agrees with every gold label of the dataset (tests), so it gives each item's reference here
const gold = test.map((t) => {
  const s = solveProofwriter(t.question);
  if (typeof s === "string") throw new Error(`label-margins: test item ${t.id} does not parse: ${s}`);
  return s.label;
});
const runConfig = JSON.parse(chosen[0]!.config) as { student: { baseModel: string } };
db.close();

const server = await startStudentServer({ backend: "hf", model: runConfig.student.baseModel, checkpointDir: ".activesynth/checkpoints", threads });
const client = new StudentClient({ baseURL: server.url, pollMs: 200 });
const items = test.flatMap((t) => LABELS.map((l) => ({ prompt: proofwriterTask.prompt(t.question), completion: `Answer: ${l}` })));

/** Mann-Whitney AUC: the chance a random positive scores above a random negative (ties half). */
function auc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

console.log(`label-margins: ${models.length} models x ${test.length} test items (${test.filter((t) => t.kind === "unknown").length} Unknown) x 3 labels, ${threads} threads`);
console.log("| model | p(Unknown) on Unknown items | p(Unknown) on provable items | AUC | Unknown argmax on Unknown / provable | accuracy (argmax) |");
console.log("|---|---|---|---|---|---|");
try {
  for (const m of models) {
    const scores = await client.score(m.id, items);
    const unk: number[] = [];
    const prov: number[] = [];
    let argUnk = 0;
    let argProv = 0;
    let right = 0;
    test.forEach((t, i) => {
      const logp = LABELS.map((_, j) => -scores[3 * i + j]!.sumNll);
      const top = Math.max(...logp);
      const z = logp.reduce((s, v) => s + Math.exp(v - top), 0);
      const p = logp.map((v) => Math.exp(v - top) / z);
      const best = LABELS[p.indexOf(Math.max(...p))]!;
      const isUnknown = t.kind === "unknown";
      (isUnknown ? unk : prov).push(p[2]!);
      if (best === "Unknown") isUnknown ? argUnk++ : argProv++;
      if (best === gold[i]) right++;
    });
    console.log(`| ${m.label} | ${pct(mean(unk))} | ${pct(mean(prov))} | ${auc(unk, prov).toFixed(2)} | ${argUnk}/${unk.length} / ${argProv}/${prov.length} | ${pct(right / test.length)} |`);
  }
} finally {
  await server.stop();
}

