// Bookmark names Word accepts: a letter first, then letters, digits or '_', at most 40 characters,
// each unique. Heading ids are slugs ("lines-to-take-2", any length); each gets such a name once,
// and links, the contents list and its page numbers all go through the same map.
const MAX = 40;

export function bookmarkNames(ids: Iterable<string>): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of ids) {
    if (names.has(id)) continue;
    let base = id.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    if (!/^[A-Za-z]/.test(base)) base = `h_${base}`;
    base = base.slice(0, MAX);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, MAX - String(n).length - 1)}_${n}`;
    taken.add(name.toLowerCase());
    names.set(id, name);
  }
  return names;
}
