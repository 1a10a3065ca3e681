/**
 * Reading the chosen option letter or True/False/Unknown label out of free text.
 *
 * The rule (the same for letters and labels):
 * 1. Markdown (`**`, backticks) and `\boxed{X}` wrappers are removed.
 * 2. If the text has an answer marker ("answer", "answer is", "Answer:", "final answer:",
 *    "correct option is"), the LAST marker decides: the first option token after it is the answer
 *    (on the marker's line, or the next non-empty line when the marker ends its line). A hedge
 *    right after it ("B or C", "True/False", "A and C") is no answer: null.
 * 3. With no marker, a text that names exactly one distinct option is read as that option (letters
 *    count only in option form: `(B)`, `B)`, `option B`, or a line that is just `B`/`B.`; labels
 *    count as whole words, case-insensitive). If it names several, the last sentence (of the last
 *    non-empty line) decides when it names exactly one; otherwise null, so hedging is never rewarded.
 * Label synonyms: "uncertain", "undetermined", "cannot be determined", "can't be determined",
 * "not enough information" read as Unknown. Letters may be lowercase only right after a marker and
 * followed by `)`, `.`, `:`, `,` or the end of the line (so the article "a" is not read as A).
 */

const MARKER = /\b(?:final\s+answer|correct\s+(?:answer|option|choice)|answer)\b(?:\s*(?:is|would\s+be|should\s+be|=|:))*\s*:?/gi;

/** The last non-empty line, or its last sentence when the line holds several. */
function lastSentence(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const parts = (lines[lines.length - 1] ?? "").split(/(?<=[.!?])\s+(?=\S)/).filter((p) => p.trim() !== "");
  return parts[parts.length - 1] ?? "";
}

function clean(text: string): string {
  return text.replace(/\*\*|__|`/g, "").replace(/\\boxed\{([^{}]*)\}/g, "$1").replace(/\\text\{([^{}]*)\}/g, "$1");
}

/** The text after the last answer marker (its line, or the next non-empty line), or null with no marker. */
function afterLastMarker(text: string): string | null {
  const markers = [...text.matchAll(MARKER)];
  if (markers.length === 0) return null;
  const last = markers[markers.length - 1]!;
  const rest = text.slice(last.index! + last[0].length);
  const lines = rest.split("\n");
  const first = lines[0]!.trim() !== "" ? lines[0]! : (lines.slice(1).find((l) => l.trim() !== "") ?? "");
  return first;
}

const LABEL_WORDS: Array<[RegExp, string]> = [
  [/^(?:true|correct|yes)\b/i, "True"],
  [/^(?:false|incorrect|no)\b/i, "False"],
  [/^(?:unknown|uncertain|undetermined|undeterminable|cannot\s+be\s+determined|can't\s+be\s+determined|not\s+enough\s+information)\b/i, "Unknown"],
];
const LABEL_ANYWHERE =
  /\b(true|false|unknown|uncertain|undetermined|undeterminable|cannot\s+be\s+determined|can't\s+be\s+determined|not\s+enough\s+information)\b/gi;
const HEDGE = /^\s*(?:or|and|\/|,|nor)\s*/i;

function labelOfWord(word: string): string {
  const w = word.toLowerCase();
  return w === "true" ? "True" : w === "false" ? "False" : "Unknown";
}

/** Distinct labels named anywhere in `text` (whole words; "yes"/"no" only count after a marker). */
function labelsIn(text: string): string[] {
  return [...new Set([...text.matchAll(LABEL_ANYWHERE)].map((m) => labelOfWord(m[1]!)))];
}

/**
 * The label chosen in `text` (`"True"`, `"False"`, `"Unknown"`), or null. With `options` (label per
 * letter, e.g. `["True", "False"]`), an option letter after the marker is read as its label.
 * See the module comment for the rule.
 * @example extractLabel("...so the statement holds.\nAnswer: True") // "True"
 * @example extractLabel("it is unknown") // "Unknown"
 */
export function extractLabel(text: string, options: readonly string[] = []): string | null {
  const s = clean(text);
  const after = afterLastMarker(s);
  if (after !== null) {
    const body = after.replace(/^[\s(["':-]+/, "");
    let label: string | null = null;
    let rest = "";
    for (const [re, name] of LABEL_WORDS) {
      const m = re.exec(body);
      if (m) {
        label = name;
        rest = body.slice(m[0].length);
        break;
      }
    }
    if (label === null && options.length > 0) {
      const m = /^([A-Z])(?![A-Za-z])\)?\.?/.exec(body);
      const idx = m ? m[1]!.charCodeAt(0) - 65 : -1;
      if (m && idx < options.length) {
        label = options[idx]!;
        rest = body.slice(m[0].length).replace(/^\s*(?:true|false|unknown)\b/i, "");
      }
    }
    if (label !== null) {
      const tail = rest.replace(/^[)\]"'.]*/, "");
      const hedge = HEDGE.exec(tail);
      const next = hedge ? tail.slice(hedge[0].length) : "";
      if (hedge && (/^\(?[A-Z](?![A-Za-z])/.test(next) || /^(?:true|false|unknown|uncertain)\b/i.test(next))) return null;
      return label;
    }
  }
  const all = labelsIn(s);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) return null;
  const last = labelsIn(lastSentence(s));
  return last.length === 1 ? last[0]! : null;
}

/** Letters of option form in `text`: `(B)`, `B)`, `option B`, `choice B`, or a line that is only `B`/`B.`. */
function lettersIn(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\(([A-Z])\)/g,
    /(?<![A-Za-z(])([A-Z])\)/g,
    /\b(?:option|choice)\s+\(?([A-Z])\b/gi,
    /^\s*([A-Z])\s*[.)]?\s*$/gm,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]!.toUpperCase());
  return [...new Set(found)];
}

/**
 * The option letter chosen in `text` (uppercase), or null. See the module comment for the rule.
 * @example extractOption("The answer is (B).") // "B"
 * @example extractOption("Answer: B or C") // null (a hedge)
 */
export function extractOption(text: string): string | null {
  const s = clean(text);
  const after = afterLastMarker(s);
  if (after !== null) {
    const body = after.replace(/^[\s["':-]+/, "").replace(/^(?:option|choice)\s+/i, "");
    const m = /^\(?([A-Z])(?![A-Za-z'])\)?\.?/.exec(body) ?? /^\(?([a-z])(?=\s*(?:[).:,]|$))\)?\.?/.exec(body);
    if (m) {
      const rest = body.slice(m[0].length).replace(/^[)\]"'.]*/, "");
      const hedge = HEDGE.exec(rest);
      if (hedge && /^(?:option\s+)?(?:\(?[A-Z](?![A-Za-z])|\(?[a-z]\))/.test(rest.slice(hedge[0].length))) return null;
      return m[1]!.toUpperCase();
    }
  }
  const all = lettersIn(s);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) return null;
  const last = lettersIn(lastSentence(s));
  return last.length === 1 ? last[0]! : null;
}
