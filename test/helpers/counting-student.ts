import type { FinetuneRequest, GenerateOptions, ScoreItem, Student } from "../../lib/student/types.js";

/** A Student that forwards to another and counts the calls of each method. */
export class CountingStudent implements Student {
  readonly calls = { generate: 0, score: 0, embed: 0, finetune: 0, listModels: 0 };

  constructor(private readonly inner: Student) {}

  get total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }
  generate(model: string, prompts: string[], options: GenerateOptions) {
    this.calls.generate++;
    return this.inner.generate(model, prompts, options);
  }
  score(model: string, items: ScoreItem[]) {
    this.calls.score++;
    return this.inner.score(model, items);
  }
  embed(model: string, inputs: string[]) {
    this.calls.embed++;
    return this.inner.embed(model, inputs);
  }
  finetune(request: FinetuneRequest) {
    this.calls.finetune++;
    return this.inner.finetune(request);
  }
  listModels() {
    this.calls.listModels++;
    return this.inner.listModels();
  }
}
