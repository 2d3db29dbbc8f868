// The keyword prefilter: one pass over a lowercased copy of the text finds every detector keyword, so a
// file without keywords costs one regex scan and no detector regex runs. One combined RegExp built as a
// trie (`a(?:kia|sia)|g(?:hp_|ho_)…`) is about as fast in V8 as a JavaScript Aho-Corasick automaton on
// bytes; lowercasing first and matching case-sensitively measured 25-30% faster than the `i` flag.

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

function trieSource(words: string[]): string {
  const root: TrieNode = { children: new Map(), end: false };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let next = node.children.get(ch);
      if (!next) node.children.set(ch, (next = { children: new Map(), end: false }));
      node = next;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const alternatives = [...node.children].map(([ch, child]) => escape(ch) + emit(child));
    if (alternatives.length === 0) return '';
    const group = alternatives.length === 1 && !alternatives[0]!.includes('|') ? alternatives[0]! : `(?:${alternatives.join('|')})`;
    // A word may end here: the longer continuation is optional, so both are found.
    return node.end ? (alternatives.length === 1 ? `(?:${group})?` : `${group}?`) : group;
  };
  return emit(root);
}

/** Finds which of a fixed set of lowercase keywords occur in a text, case-insensitively. */
export class KeywordPrefilter {
  private readonly regex: RegExp | undefined;
  private readonly ids = new Map<string, number[]>();

  /** `keywords` maps each lowercase keyword to the ids (detector indices) it triggers. */
  constructor(keywords: Map<string, number[]>) {
    for (const [keyword, ids] of keywords) this.ids.set(keyword.toLowerCase(), ids);
    const words = [...this.ids.keys()].filter(Boolean).sort();
    this.regex = words.length ? new RegExp(trieSource(words), 'g') : undefined;
  }

  /** The ids triggered by keywords in `text`. */
  match(text: string): Set<number> {
    const found = new Set<number>();
    const regex = this.regex;
    if (!regex) return found;
    regex.lastIndex = 0;
    const seen = new Set<string>();
    const lower = text.toLowerCase();
    for (let m = regex.exec(lower); m; m = regex.exec(lower)) {
      const word = m[0];
      if (!seen.has(word)) {
        seen.add(word);
        for (const id of this.ids.get(word) ?? []) found.add(id);
        // A keyword that is a prefix of the one just found (`_auth` in `_authtoken`) also counts.
        for (const [keyword, ids] of this.ids) if (keyword.length < word.length && word.startsWith(keyword)) for (const id of ids) found.add(id);
      }
      // Overlapping keywords ("npm_password" holds npm_ and password): resume one character later.
      regex.lastIndex = m.index + 1;
    }
    return found;
  }
}
