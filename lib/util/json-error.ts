/**
 * The 1-based line of a JSON.parse error in `text`. V8 reports either "at position N" or an
 * excerpt (`Unexpected token 'a', ..."task": arith" is not valid JSON`); the excerpt is located in
 * the text. Null when neither gives a place.
 */
export function jsonErrorLine(text: string, error: Error): number | null {
  const lineAt = (pos: number) => text.slice(0, pos).split("\n").length;
  const position = /position (\d+)/.exec(error.message);
  if (position) return lineAt(Number(position[1]));
  // V8 quotes the text around the error: `Unexpected token 'N', ..."samples": NaN\n  },"... is not valid JSON`
  const excerpt = /^Unexpected token '(.+?)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(error.message);
  if (excerpt) {
    const [, token, snippet] = excerpt;
    const at = text.indexOf(snippet!);
    if (at >= 0) return lineAt(at + Math.max(0, snippet!.indexOf(token!)));
  }
  if (/Unexpected end of JSON input/.test(error.message)) return lineAt(text.length);
  return null;
}
