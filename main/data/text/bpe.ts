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
 * never depend on the order rows were read in.
 */
import { words, type NormalizeOptions } from './normalize.ts';
import { FIRST_LEARNED_ID, mostFrequent, SPECIAL_TOKENS, UNK_ID } from './vocab.ts';

export const END_OF_WORD = '</w>';

export type BpeModel = { kind: 'bpe'; vocab: string[]; merges: [string, string][] };

type Entry = { count: number; key: number; text: string };
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
  for (const [w, n] of wordCounts) {
    seqs.push([...[...w].map((c) => symbolId.get(c) ?? -1), 0]);
    freqs.push(n);
  }
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const heap: Entry[] = [];
  const pairText = (key: number) => `${symbols[Math.floor(key / KEY_BASE)]} ${symbols[key % KEY_BASE]}`;
  const touch = (key: number, delta: number, word: number) => {
    const n = (pairCounts.get(key) ?? 0) + delta;
    pairCounts.set(key, n);
    if (delta > 0) {
      let set = pairWords.get(key);
      if (!set) pairWords.set(key, (set = new Set()));
      set.add(word);
    }
  };
  const eachPair = (seq: number[], fn: (key: number) => void) => {
    for (let i = 0; i + 1 < seq.length; i++) if (seq[i] >= 0 && seq[i + 1] >= 0) fn(seq[i] * KEY_BASE + seq[i + 1]);
  };
  seqs.forEach((seq, w) => eachPair(seq, (key) => touch(key, freqs[w], w)));
  for (const [key, count] of pairCounts) heapPush(heap, { count, key, text: pairText(key) });

  const threshold = Math.max(2, minFrequency);
  while (vocab.size < vocabSize - FIRST_LEARNED_ID && heap.length > 0) {
    const top = heapPop(heap) as Entry;
    const current = pairCounts.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heapPush(heap, { count: current, key: top.key, text: top.text });
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
    const changed = new Set<number>();
    for (const w of pairWords.get(top.key) ?? []) {
      const seq = seqs[w];
      eachPair(seq, (key) => {
        touch(key, -freqs[w], w);
        changed.add(key);
      });
      seqs[w] = mergePair(seq, a, b, id);
      eachPair(seqs[w], (key) => {
        touch(key, freqs[w], w);
        changed.add(key);
      });
    }
    pairWords.delete(top.key);
    pairCounts.delete(top.key);
    for (const key of changed) {
      const n = pairCounts.get(key) ?? 0;
      if (n > 0 && key !== top.key) heapPush(heap, { count: n, key, text: pairText(key) });
    }
  }
  return { kind: 'bpe', vocab: [...SPECIAL_TOKENS, ...vocab], merges };
}

function mergePair(seq: number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < seq.length; i++) {
    if (i + 1 < seq.length && seq[i] === a && seq[i + 1] === b) {
      out.push(id);
      i++;
    } else out.push(seq[i]);
  }
  return out;
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

// A binary max-heap on (count, then text ascending).
function before(x: Entry, y: Entry): boolean {
  return x.count > y.count || (x.count === y.count && x.text < y.text);
}
function heapPush(heap: Entry[], e: Entry): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}
function heapPop(heap: Entry[]): Entry | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
