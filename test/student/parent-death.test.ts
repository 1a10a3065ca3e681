// A CLI killed with kill -9 cannot stop its student server (its exit handler never runs): the
// server must notice on its own (--parent-pid, passed by startStudentServer) and exit, instead of
// training on forever re-parented to init (and holding GPU memory on a GPU).
//   node --test dist/test/student/parent-death.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fromRoot } from "../../lib/util/paths.js";
import { tempDir } from "../helpers/temp-dir.js";

/** Running (a zombie waiting for init to reap it has exited). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc (macOS): kill(0) is all we have
  }
};

test("the student server exits within seconds when the node process that started it is killed -9", async () => {
  const tmp = tempDir("activesynth-orphan-");
  const spawnJs = fromRoot("dist", "lib", "student", "spawn.js");
  const script = `import(${JSON.stringify(spawnJs)}).then(async (m) => {
    const h = await m.startStudentServer({ threads: 1, checkpointDir: ${JSON.stringify(tmp.path("ckpt"))} });
    console.log("server-pid " + h.process.pid);
    setInterval(() => {}, 1000);
  });`;
  const cli = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let serverPid = 0;
  try {
    serverPid = await new Promise<number>((resolve, reject) => {
      createInterface({ input: cli.stdout! }).on("line", (line) => {
        const m = /^server-pid (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      cli.once("exit", (code) => reject(new Error(`the starter exited (${code}) before its server was ready`)));
    });
    assert.ok(alive(serverPid), "the server runs while its starter lives");
    cli.kill("SIGKILL");
    const deadline = Date.now() + 15_000;
    while (alive(serverPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(alive(serverPid), false, `server ${serverPid} still running 15 s after its starter was killed`);
  } finally {
    if (serverPid && alive(serverPid)) process.kill(serverPid, "SIGKILL");
    cli.kill("SIGKILL");
    tmp.cleanup();
  }
});
