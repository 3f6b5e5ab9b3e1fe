/** Levenshtein distance between two strings (insertions, deletions and substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * How far `needle` is from `name`: the edit distance to the whole name or to its prefix of the same length,
 * whichever is smaller, so `llama3.1-8b` is close to `llama-3.1-8b-instruct`.
 */
function nameDistance(needle: string, name: string): number {
  return Math.min(editDistance(needle, name), editDistance(needle, name.slice(0, needle.length)));
}

/**
 * Up to `limit` candidates closest to `wanted` (case-insensitive): names containing it or contained in it first,
 * then names within an edit distance of a third of its length (at least 2), each group nearest first.
 */
export function closestNames(wanted: string, candidates: readonly string[], limit = 5): string[] {
  const needle = wanted.trim().toLowerCase();
  if (needle === "") return [];
  const threshold = Math.max(2, needle.length / 3);
  return candidates
    .map((name) => ({
      name,
      overlaps: name.includes(needle) || needle.includes(name),
      distance: nameDistance(needle, name),
    }))
    .filter(({ overlaps, distance }) => overlaps || distance <= threshold)
    .sort((a, b) => Number(b.overlaps) - Number(a.overlaps) || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}

/**
 * A fix that starts with `did you mean a or b? Otherwise <otherwise>` for the names nearest to `wanted`
 * (compared ignoring case, suggested as spelled in `candidates`; only the nearest tie, at most 3), or
 * just `otherwise` when no name is close.
 */
export function didYouMean(wanted: string, candidates: readonly string[], otherwise: string): string {
  const byLowerCase = new Map(candidates.map((name) => [name.toLowerCase(), name]));
  const needle = wanted.trim().toLowerCase();
  const close = closestNames(needle, [...byLowerCase.keys()], 3);
  const best = close[0] === undefined ? 0 : nameDistance(needle, close[0]);
  const names = close.filter((name) => nameDistance(needle, name) === best || name.includes(needle)).map((name) => byLowerCase.get(name) ?? name);
  const last = names[names.length - 1];
  if (last === undefined) return otherwise;
  return `did you mean ${names.length === 1 ? last : `${names.slice(0, -1).join(", ")} or ${last}`}? Otherwise ${otherwise}`;
}
