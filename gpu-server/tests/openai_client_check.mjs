// The official openai npm client against the server, unmodified (run by test_openai_client.py):
//   node gpu-server/tests/openai_client_check.mjs http://127.0.0.1:PORT
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ baseURL: process.argv[2] + "/v1", apiKey: "unused", maxRetries: 0 });
const check = (cond, what) => { if (!cond) { console.error("FAILED: " + what); process.exit(1); } };

const models = await client.models.list();
check(models.data.some((m) => m.id === "tiny"), "models.list has tiny");

const cmpl = await client.completions.create({
  model: "tiny", prompt: ["Q: 1 + 2\nA:", "Tom has"], max_tokens: 4, temperature: 0, stop: ["\n"] });
check(cmpl.choices.length === 2 && cmpl.usage.total_tokens > 0, "completions");

const stream = await client.chat.completions.create({
  model: "tiny", messages: [{ role: "user", content: "hi" }], max_tokens: 4, stream: true });
let chunks = 0;
for await (const c of stream) chunks += 1;
check(chunks >= 2, "chat stream");

const emb = await client.embeddings.create({ model: "tiny", input: ["3 apples", "2 pears"] });
check(emb.data.length === 2 && emb.data[0].embedding.length === 128, "embeddings (base64 default)");

const lines = [];
for (let a = 10; a < 26; a++) lines.push(JSON.stringify({ prompt: `Q: ${a} + 1\nA:`, completion: ` ${a + 1}` }));
const file = await client.files.create({
  file: await toFile(Buffer.from(lines.join("\n") + "\n"), "train.jsonl"), purpose: "fine-tune" });
check(file.id.startsWith("file-") && file.filename === "train.jsonl", "files.create (multipart)");

let job = await client.fineTuning.jobs.create({
  model: "tiny", training_file: file.id, hyperparameters: { n_epochs: 1, batch_size: 8 } });
while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
  await new Promise((r) => setTimeout(r, 100));
  job = await client.fineTuning.jobs.retrieve(job.id);
}
check(job.status === "succeeded" && job.fine_tuned_model, "fine-tuning job: " + JSON.stringify(job.error));
const events = await client.fineTuning.jobs.listEvents(job.id, { limit: 100 });
check(events.data.some((e) => e.type === "metrics"), "job events");

const score = await client.post("/score", { body: { model: job.fine_tuned_model,
  items: [{ prompt: "Q: 10 + 1\nA:", completion: " 11" }] } });
check(score.data[0].tokens === 3 && score.data[0].mean_nll > 0, "score extension");

try {
  await client.completions.create({ model: "nope", prompt: "x" });
  check(false, "unknown model must throw");
} catch (e) {
  check(e.status === 404 && e.param === "model", "404 as APIError with param: " + e);
}
console.log("openai client ok");
