/**
 * Byte-pair encoding (Sennrich et al. 2016) over characters, trained on the
 * training texts: words start as their characters plus an end-of-word marker,
 * and the most frequent adjacent pair is merged into a new token until the
 * vocabulary is full. Frequent words end up as one token, rare ones as a few
 * sub-words, so little is out of vocabulary: only characters never seen in
 * training (or too rare to keep) become [UNK].
 *
 * Training keeps pair counts and, per pair, the words that hold it, so a merge
 * touches only those words; the next pair comes from a max-heap with stale
 * entries skipped. Ties go to the pair whose text sorts first, so the merges
 * never depend on the order rows were read in. Merges are learned from the
 * TRAIN_WORDS most frequent distinct words of at most TRAIN_WORD_LENGTH
 * characters (mail and web text carries base64 and URLs: long, unique "words"
 * that would cost most of the time and teach nothing); every word is still
 * encoded with the merges learned.
 */
import { words, type NormalizeOptions } from './normalize.ts';
import { FIRST_LEARNED_ID, mostFrequent, SPECIAL_TOKENS, UNK_ID } from './vocab.ts';

export const END_OF_WORD = '</w>';

export type BpeModel = { kind: 'bpe'; vocab: string[]; merges: [string, string][] };

type Entry = { count: number; key: number };
export const TRAIN_WORDS = 50_000;
export const TRAIN_WORD_LENGTH = 32;
const KEY_BASE = 2 ** 21;

export function fitBpeModel(texts: Iterable<string>, vocabSize: number, minFrequency: number, opts: NormalizeOptions): BpeModel {
  const wordCounts = new Map<string, number>();
  for (const text of texts) for (const w of words(text, opts)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const charCounts = new Map<string, number>();
  for (const [w, n] of wordCounts) for (const c of w) charCounts.set(c, (charCounts.get(c) ?? 0) + n);
  const room = vocabSize - FIRST_LEARNED_ID - 1; // the end-of-word marker takes one id
  const alphabet = mostFrequent(charCounts, room, minFrequency);
  const symbols: string[] = [END_OF_WORD, ...alphabet];
  const symbolId = new Map(symbols.map((s, i) => [s, i] as const));
  const vocab = new Set<string>(symbols);
  const merges: [string, string][] = [];

  // Words as symbol ids; a word with a character outside the alphabet keeps it as -1 (never merged).
  const seqs: number[][] = [];
  const freqs: number[] = [];
  const training = [...wordCounts].filter(([w]) => w.length <= TRAIN_WORD_LENGTH);
  training.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [w, n] of training.slice(0, TRAIN_WORDS)) {
    seqs.push([...[...w].map((c) => symbolId.get(c) ?? -1), 0]);
    freqs.push(n);
  }
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const pairText = (key: number) => `${symbols[Math.floor(key / KEY_BASE)]} ${symbols[key % KEY_BASE]}`;
  const heap = new PairHeap(pairText);
  const changed = new Set<number>();
  const add = (left: number, right: number, delta: number, word: number) => {
    if (left < 0 || right < 0) return;
    const key = left * KEY_BASE + right;
    pairCounts.set(key, (pairCounts.get(key) ?? 0) + delta);
    if (delta > 0) {
      let set = pairWords.get(key);
      if (!set) pairWords.set(key, (set = new Set()));
      set.add(word);
    }
    changed.add(key);
  };
  seqs.forEach((seq, w) => {
    for (let i = 0; i + 1 < seq.length; i++) add(seq[i], seq[i + 1], freqs[w], w);
  });
  for (const key of changed) heap.push({ count: pairCounts.get(key) as number, key });
  changed.clear();

  const threshold = Math.max(2, minFrequency);
  while (vocab.size < vocabSize - FIRST_LEARNED_ID && heap.size > 0) {
    const top = heap.pop() as Entry;
    const current = pairCounts.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push({ count: current, key: top.key });
      continue; // stale entry
    }
    if (current < threshold) break;
    const a = Math.floor(top.key / KEY_BASE);
    const b = top.key % KEY_BASE;
    const merged = symbols[a] + symbols[b];
    let id = symbolId.get(merged);
    if (id === undefined) {
      id = symbols.length;
      symbols.push(merged);
      symbolId.set(merged, id);
    }
    merges.push([symbols[a], symbols[b]]);
    vocab.add(merged);
    // Only the neighbours of each merged occurrence change: (prev, a) → (prev, ab), (b, next) → (ab, next).
    for (const w of pairWords.get(top.key) ?? []) {
      const seq = seqs[w];
      const n = freqs[w];
      const out: number[] = [];
      for (let i = 0; i < seq.length; i++) {
        if (i + 1 < seq.length && seq[i] === a && seq[i + 1] === b) {
          const prev = out.length > 0 ? out[out.length - 1] : -1;
          const next = i + 2 < seq.length ? seq[i + 2] : -1;
          add(prev, a, -n, w);
          add(a, b, -n, w);
          add(b, next, -n, w);
          add(prev, id, n, w);
          add(id, next, n, w);
          out.push(id);
          i++;
        } else out.push(seq[i]);
      }
      seqs[w] = out;
    }
    pairWords.delete(top.key);
    pairCounts.delete(top.key);
    for (const key of changed) {
      const c = pairCounts.get(key) ?? 0;
      if (c > 0 && key !== top.key) heap.push({ count: c, key });
    }
    changed.clear();
  }
  return { kind: 'bpe', vocab: [...SPECIAL_TOKENS, ...vocab], merges };
}

/** An encoder for one model: merge ranks and a per-word cache (words repeat a lot). */
export function bpeEncoder(model: BpeModel, index: Map<string, number>): (ws: string[]) => number[] {
  const rank = new Map(model.merges.map(([a, b], i) => [`${a} ${b}`, i] as const));
  const cache = new Map<string, number[]>();
  const encodeWord = (w: string): number[] => {
    const known = cache.get(w);
    if (known) return known;
    let parts = [...w, END_OF_WORD];
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < parts.length; i++) {
        const r = rank.get(`${parts[i]} ${parts[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const [a, b] = [parts[best], parts[best + 1]];
      const next: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i + 1 < parts.length && parts[i] === a && parts[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(parts[i]);
      }
      parts = next;
    }
    const ids = parts.map((p) => index.get(p) ?? UNK_ID);
    if (cache.size < 100_000) cache.set(w, ids);
    return ids;
  };
  return (ws) => ws.flatMap(encodeWord);
}

/** Tokens back to text: the end-of-word marker becomes a space. */
export function bpeDecode(tokens: string[]): string {
  return tokens.join('').split(END_OF_WORD).join(' ').trim();
}

/** A binary max-heap of pairs by count, ties by the pair's text (computed only for ties). */
class PairHeap {
  private readonly items: Entry[] = [];
  private readonly text: (key: number) => string;
  constructor(text: (key: number) => string) {
    this.text = text;
  }
  get size(): number {
    return this.items.length;
  }
  private before(x: Entry, y: Entry): boolean {
    return x.count > y.count || (x.count === y.count && x.key !== y.key && this.text(x.key) < this.text(y.key));
  }
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
