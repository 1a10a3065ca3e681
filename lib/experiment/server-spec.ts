import { studentBackend, type StudentConfig } from "./config.js";
import type { StudentServerOptions } from "../student/spawn.js";
import { canonicalJson } from "../util/hash.js";

/**
 * The student server a run needs, as `startStudentServer` options: the backend, the root model
 * (hf) and the flags of `student.server`. Runs whose specs are equal share servers.
 * @example serverSpec({ baseModel: "model.gguf", backend: "hf", server: { finetune: "full" }, hyperparameters: {} })
 * // { backend: "hf", model: "model.gguf", args: ["--full-finetune"] }
 */
export function serverSpec(student: StudentConfig): Pick<StudentServerOptions, "backend" | "model" | "args"> {
  if (studentBackend(student) === "tiny") {
    const s = student.server ?? {};
    return { backend: "tiny", args: [...(s.device ? ["--device", s.device] : []), ...(s.trainProcesses !== undefined ? ["--train-processes", String(s.trainProcesses)] : [])] };
  }
  const s = student.server ?? {};
  const args: string[] = [];
  if (s.device) args.push("--device", s.device);
  if (s.dtype) args.push("--dtype", s.dtype);
  if (s.genDtype) args.push("--gen-dtype", s.genDtype);
  if (s.trainDtype) args.push("--train-dtype", s.trainDtype);
  if (s.finetune === "full") args.push("--full-finetune");
  if (s.loraR !== undefined) args.push("--lora-r", String(s.loraR));
  if (s.loraAlpha !== undefined) args.push("--lora-alpha", String(s.loraAlpha));
  if (s.loraTargets) args.push("--lora-targets", s.loraTargets);
  if (s.trainProcesses !== undefined) args.push("--train-processes", String(s.trainProcesses));
  if (s.accelerateConfig) args.push("--accelerate-config", s.accelerateConfig);
  return { backend: "hf", model: student.baseModel, args };
}

/** A key equal for runs that can share a server. */
export function serverKey(student: StudentConfig): string {
  return canonicalJson(serverSpec(student));
}
