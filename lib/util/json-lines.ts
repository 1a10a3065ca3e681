/**
 * Where each value of a JSON text starts: a map from paths (`student.replay`, `runs[1].name`,
 * `scoreSynthetic[0]`; the root is "") to 1-based lines, so that a config error can name its line.
 * The text must be valid JSON (parse it first).
 * @example jsonPathLines('{\n  "a": {\n    "b": [1,\n 2]\n  }\n}').get("a.b[1]") // 4
 */
export function jsonPathLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = (): void => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") line++;
      else if (c !== " " && c !== "\t" && c !== "\r") return;
    }
  };
  const readString = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    skip();
    out.set(path, line);
    const c = text[i];
    if (c === "{") {
      i++;
      for (;;) {
        skip();
        if (text[i] === "}") break;
        const keyLine = line;
        const key = readString();
        skip();
        i++; // the colon
        const child = path === "" ? key : `${path}.${key}`;
        value(child);
        out.set(child, keyLine);
        skip();
        if (text[i] === ",") i++;
      }
      i++;
    } else if (c === "[") {
      i++;
      for (let n = 0; ; n++) {
        skip();
        if (text[i] === "]") break;
        value(`${path}[${n}]`);
        skip();
        if (text[i] === ",") i++;
      }
      i++;
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  value("");
  return out;
}

/** The line of the first of `paths` found, trying each with its last segments dropped in turn (a missing field: its parent's line). */
export function lineOfFirst(lines: Map<string, number>, paths: string[]): number | null {
  for (const p of paths) {
    const exact = lines.get(p);
    if (exact !== undefined && p !== "") return exact;
  }
  for (const p of paths) {
    for (let path = p; ; ) {
      const hit = lines.get(path);
      if (hit !== undefined && path !== "") return hit;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      if (cut <= 0) break;
      path = path.slice(0, cut);
    }
  }
  return null;
}
