// RFC 6962 (Certificate Transparency) Merkle tree hashing, proofs and their verification, as
// Trillian and transparency-dev/merkle do. Plain functions over byte arrays: the sequencer, the
// verifier and the offline proof checker (which has nothing but these and a public key) share them.
import { createHash } from "node:crypto";

export type Hash = Buffer;

export function sha256(...parts: Uint8Array[]): Hash {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 6962 leaf hash: SHA-256(0x00 || data). */
export const leafHash = (data: Uint8Array): Hash => sha256(LEAF_PREFIX, data);
/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => sha256(NODE_PREFIX, left, right);
/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256();

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/**
 * Reads the hash of a complete subtree: `level` 0 is a leaf, (level, index) covers leaves
 * [index·2^level, (index+1)·2^level).
 */
export type NodeReader = (level: number, index: number) => Promise<Hash>;

/** MTH(D[lo:hi]) for a range whose start is aligned as RFC 6962's recursion makes it. */
async function rangeHash(read: NodeReader, lo: number, hi: number): Promise<Hash> {
  const n = hi - lo;
  if (isPowerOfTwo(n) && lo % n === 0) return read(Math.round(Math.log2(n)), lo / n);
  const k = splitPoint(n);
  return nodeHash(await rangeHash(read, lo, lo + k), await rangeHash(read, lo + k, hi));
}

export async function rootHash(read: NodeReader, size: number): Promise<Hash> {
  return size === 0 ? EMPTY_ROOT : rangeHash(read, 0, size);
}

/** RFC 6962 §2.1.1 PATH(m, D[0:n]): the inclusion proof of leaf `index` in the tree of `size` leaves. */
export async function inclusionProof(read: NodeReader, index: number, size: number): Promise<Hash[]> {
  if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path = async (m: number, lo: number, hi: number): Promise<Hash[]> => {
    const n = hi - lo;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m - lo < k
      ? [...(await path(m, lo, lo + k)), await rangeHash(read, lo + k, hi)]
      : [...(await path(m, lo + k, hi)), await rangeHash(read, lo, lo + k)];
  };
  return path(index, 0, size);
}

/** RFC 6962 §2.1.2 PROOF(m, D[0:n]): that the tree of `size1` leaves is a prefix of the one of `size2`. */
export async function consistencyProof(read: NodeReader, size1: number, size2: number): Promise<Hash[]> {
  if (size1 < 0 || size1 > size2) throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const sub = async (m: number, lo: number, hi: number, whole: boolean): Promise<Hash[]> => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [await rangeHash(read, lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...(await sub(m, lo, lo + k, whole)), await rangeHash(read, lo + k, hi)]
      : [...(await sub(m - k, lo + k, hi, false)), await rangeHash(read, lo, lo + k)];
  };
  return sub(size1, 0, size2, true);
}

const odd = (n: number) => n % 2 === 1;
const isHash = (h: Uint8Array) => h.length === 32;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when it cannot be one. */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Hash | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (!isHash(leaf) || !proof.every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r: Hash = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const got = rootFromInclusionProof(index, size, leaf, proof);
  return got !== null && isHash(root) && got.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree (size1, root1) is a prefix of (size2, root2)? */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) return false;
  // Every tree extends the empty one, so a proof of it says nothing: refused, as transparency-dev does.
  if (size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (!isHash(root1) || !isHash(root2) || proof.length === 0 || !proof.every(isHash)) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Hash = Buffer.from(path[0]!);
  let sr: Hash = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

/** A new complete subtree made by an append: to be stored so proofs can be served later. */
export interface NewNode {
  level: number;
  index: number;
  hash: Hash;
}

/**
 * The right edge of the tree (its compact range): the roots of the complete subtrees that make up
 * the first `size` leaves, largest first. Appending a leaf merges equal-sized subtrees, as a binary
 * counter carries.
 */
export class Frontier {
  constructor(
    public size: number,
    private readonly stack: { level: number; hash: Hash }[],
  ) {}

  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** The (level, index) of each subtree root on the edge of a tree of `size` leaves, largest first. */
  static edge(size: number): { level: number; index: number }[] {
    const out: { level: number; index: number }[] = [];
    let offset = 0;
    for (let level = 52; level >= 0; level--) {
      const width = 2 ** level;
      if (size - offset >= width) {
        out.push({ level, index: offset / width });
        offset += width;
      }
    }
    return out;
  }

  append(leaf: Hash): NewNode[] {
    const made: NewNode[] = [{ level: 0, index: this.size, hash: leaf }];
    let node = { level: 0, hash: leaf };
    let index = this.size;
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.level === node.level) {
      const left = this.stack.pop()!;
      index = Math.floor(index / 2);
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
      made.push({ level: node.level, index, hash: node.hash });
    }
    this.stack.push(node);
    this.size += 1;
    return made;
  }

  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let r = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = nodeHash(this.stack[i]!.hash, r);
    return r;
  }
}

/** A whole tree in memory (the verifier rebuilds one from the recomputed leaves). */
export class MemoryTree {
  readonly levels: Hash[][] = [[]];

  append(leaf: Hash) {
    this.levels[0]!.push(leaf);
    let level = 0;
    let index = this.levels[0]!.length - 1;
    while (odd(index)) {
      const row = this.levels[level]!;
      const parent = nodeHash(row[index - 1]!, row[index]!);
      level += 1;
      (this.levels[level] ??= []).push(parent);
      index = half(index);
    }
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  readonly read: NodeReader = async (level, index) => {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`no node (${level}, ${index})`);
    return hash;
  };
}
