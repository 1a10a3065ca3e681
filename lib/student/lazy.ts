import type { FinetuneRequest, GenerateOptions, ScoreItem, Student } from "./types.js";

/**
 * A Student that creates the real one on first use (e.g. starts a server). A run that finds all
 * its work in the store never triggers it.
 */
export class LazyStudent implements Student {
  private inner: Promise<Student> | null = null;

  constructor(private readonly factory: () => Promise<Student>) {}

  get started(): boolean {
    return this.inner !== null;
  }

  private get(): Promise<Student> {
    if (!this.inner) this.inner = this.factory();
    return this.inner;
  }

  async generate(model: string, prompts: string[], options: GenerateOptions) {
    return (await this.get()).generate(model, prompts, options);
  }
  async score(model: string, items: ScoreItem[]) {
    return (await this.get()).score(model, items);
  }
  async embed(model: string, inputs: string[]) {
    return (await this.get()).embed(model, inputs);
  }
  async reward(model: string, items: ScoreItem[]) {
    const inner = await this.get();
    if (!inner.reward) throw new Error("this student has no reward endpoint (POST /v1/reward)");
    return inner.reward(model, items);
  }
  async finetune(request: FinetuneRequest) {
    return (await this.get()).finetune(request);
  }
  async listModels() {
    return (await this.get()).listModels();
  }
}
