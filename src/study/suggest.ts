/**
 * "Did you mean" suggestions for study files: the closest allowed word to a misspelt key, method, source or column,
 * by Damerau–Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and adjacent
 * transpositions each cost 1), compared without regard to case, "-" or "_".
 */

/**
 * Edit distance between two words (optimal string alignment: insert, delete, substitute, swap two neighbours).
 * Reference: Damerau (1964) CACM 7(3):171–176; Levenshtein (1966) Soviet Physics Doklady 10(8):707–710.
 * @param a first word
 * @param b second word
 * @returns the number of edits
 * @example
 * editDistance("ouputs", "outputs") // => 1
 */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[n]![m]!;
}

function canonical(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The allowed word closest to `word`, when it is close: at most 1 edit for words up to 4 letters, 2 up to 8 and 3
 * beyond (after lower-casing and dropping "-" and "_"), the first of equally close words; undefined otherwise.
 * Reference: the edit-distance rule of thumb of command-line "did you mean" helpers (git, cargo).
 * @param word what was written
 * @param allowed the words allowed at that place
 * @returns the suggestion, or undefined
 * @example
 * closestWord("ouputs", ["inputs", "outputs", "bad"]) // => "outputs"
 */
export function closestWord(word: string, allowed: readonly string[]): string | undefined {
  const w = canonical(word);
  const limit = w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const distance = editDistance(w, canonical(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * A hint naming the closest allowed word ("did you mean …?") followed by the list of allowed words (the first 30).
 * @param word what was written
 * @param allowed the words allowed at that place
 * @param what what the words are, e.g. "fields here"
 * @returns the hint
 * @example
 * didYouMean("ouputs", ["inputs", "outputs"], "fields") // => 'did you mean "outputs"? fields: inputs, outputs'
 */
export function didYouMean(word: string, allowed: readonly string[], what: string): string {
  const close = closestWord(word, allowed);
  const list =
    allowed.length > 30 ? `${allowed.slice(0, 30).join(", ")}, … (${allowed.length})` : allowed.join(", ");
  return `${close !== undefined ? `did you mean "${close}"? ` : ""}${what}: ${list}`;
}
