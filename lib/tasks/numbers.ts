/**
 * Reading decimal numbers the way people write them (`1,000`, `$1000.00`, `1000.`, `-3.5`, `50%`)
 * and putting them in one canonical form so that equal values compare equal as strings.
 */

/**
 * A number as written in text: optional sign (ASCII or unicode minus), optional `$`, digits with
 * optional thousands commas (groups of three), optional decimal part. A bare `.5` is allowed.
 */
export const NUMBER_PATTERN = /(?<![\w.])[-−]?(?:\$\s?)?(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d*)?|(?<![\w.])[-−]?\.\d+/g;

/**
 * Canonical decimal string: no `$`, commas, `+` or trailing zeros; `-0` is `0`.
 * Returns null when the text is not a number.
 * @example canonicalNumber("$1,000.00") // "1000"
 * @example canonicalNumber("-2.50") // "-2.5"
 */
export function canonicalNumber(text: string): string | null {
  let s = text.trim().replace(/−/g, "-").replace(/[$\s]/g, "").replace(/%$/, "");
  let sign = "";
  if (s.startsWith("-")) {
    sign = "-";
    s = s.slice(1);
  } else if (s.startsWith("+")) s = s.slice(1);
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, "");
  if (!/^(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  let [int, frac = ""] = s.split(".");
  int = int!.replace(/^0+(?=\d)/, "") || "0";
  frac = frac.replace(/0+$/, "");
  const body = frac === "" ? int : `${int}.${frac}`;
  return body === "0" ? "0" : sign + body;
}

/** Every number in a text, in order, as written (trimmed of trailing `.` and spaces). */
export function findNumbers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NUMBER_PATTERN)) out.push(m[0].replace(/\.$/, "").replace(/\s/g, ""));
  return out;
}
