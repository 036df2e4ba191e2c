import { MASKED, QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import type { BatchShape, DecodeBatch, JoiningRow, KvState } from './decode-batch.js';
import {
  copyPromptTail,
  growLayout,
  int64,
  type KvBuffers,
  kvBuffers,
  moveSlots,
  prefixFeeds,
  writeNewTokens,
} from './static-kv.js';

type Feeds = () => Record<string, ort.Tensor>;

/**
 * Static-cache decode in three levels, for n samples per prompt on top of a prefix shared by all prompts (the
 * `static` decode graph with `sharedPrefix` and `promptGroups`):
 * - the shared prefix, P tokens, fed once as `prefix_key_values.*` (kvHeads, P, headDim);
 * - each prompt's tokens after it, kept once per prompt ("group") in (maxGroups, kvHeads, Cg, headDim) buffers,
 *   Cg = longest prompt - P, masked beyond each prompt's length by `group_bias`;
 * - each row's generated tokens, (maxRows, kvHeads, Cr, headDim), Cr = most new tokens: row slot i holds position
 *   (prompt length + i).
 * A group lives while one of its rows does (rows of a prompt may join in several admissions and leave at any time);
 * finished groups leave at once and the others move down, like rows. Each step feeds `group_rows` (G*n: the row in
 * each query slot of each group, n = the largest group) and `row_slots` (B: each row's slot).
 */
export class GroupedDecodeBatch implements DecodeBatch {
  private count = 0;
  private groups = 0;
  private readonly rowBuffers: KvBuffers;
  private readonly groupBuffers: KvBuffers;
  private readonly prefixFeeds: Record<string, ort.Tensor>;
  private readonly offset: number;
  /** Per row: its group and its prompt length (tokens before its own cache). */
  private rowGroup: number[] = [];
  private rowPrompt: number[] = [];
  /** Per group: the caller's key (prompt index) and the prompt's tokens after the shared prefix. */
  private groupKey: number[] = [];
  private groupLength: number[] = [];

  /**
   * @param promptTokens the longest prompt (prefix included); @param newTokens most tokens a row generates.
   * @param prefix the shared prefix's KV (1 row, width P).
   * @param growth slots the rows' stride grows by (0 = all Cr slots from the start).
   */
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly weights: Feeds,
    private readonly shape: BatchShape,
    private readonly maxRows: number,
    promptTokens: number,
    newTokens: number,
    prefix: KvState,
    private readonly growth = 0,
  ) {
    this.prefixFeeds = prefixFeeds(prefix, shape, 'GroupedDecodeBatch');
    this.offset = prefix.width;
    this.groupCapacity = promptTokens - this.offset;
    this.rowCapacity = newTokens;
    if (this.groupCapacity < 1 || this.rowCapacity < 1)
      throw new Error(
        `GroupedDecodeBatch: prompts of up to ${promptTokens} tokens after a ${this.offset}-token prefix and ${newTokens} new tokens leave no slot`,
      );
    this.rowBuffers = kvBuffers(shape, maxRows, this.rowCapacity);
    this.rowStride = growth > 0 ? Math.min(this.rowCapacity, growth) : this.rowCapacity;
    this.groupBuffers = kvBuffers(shape, maxRows, this.groupCapacity);
  }

  private readonly groupCapacity: number;
  private readonly rowCapacity: number;
  /** Slots per row in the rows' current layout (<= rowCapacity). */
  private rowStride: number;

  get rows(): number {
    return this.count;
  }

  get cacheSlots(): number {
    return this.count * this.rowStride + this.groups * this.groupCapacity;
  }

  add(joining: readonly JoiningRow[]): void {
    if (this.count + joining.length > this.maxRows) {
      throw new Error(
        `GroupedDecodeBatch: ${this.count} + ${joining.length} rows exceed the ${this.maxRows} allocated`,
      );
    }
    for (const { kv, length, group } of joining) {
      if (group === undefined)
        throw new Error('GroupedDecodeBatch: a joining row needs its group (prompt index)');
      const own = length - this.offset; // prompt tokens after the shared prefix
      if (own < 1 || own > this.groupCapacity)
        throw new Error(
          `GroupedDecodeBatch: a prompt of ${length} tokens does not fit after the ${this.offset}-token prefix in ${this.groupCapacity} slots`,
        );
      let g = this.groupKey.indexOf(group);
      if (g < 0) {
        g = this.groups++;
        this.groupKey[g] = group;
        this.groupLength[g] = own;
        copyPromptTail(this.groupBuffers, kv, own, g, this.shape, this.groupCapacity);
      } else if (this.groupLength[g] !== own) {
        throw new Error(`GroupedDecodeBatch: rows of group ${group} have prompts of different lengths`);
      }
      const r = this.count++;
      this.rowGroup[r] = g;
      this.rowPrompt[r] = length;
    }
  }

  keep(indices: readonly number[], _lengths: readonly number[]): void {
    moveSlots(this.rowBuffers, indices, this.shape.kvHeads * this.rowStride * this.shape.headDim);
    this.rowGroup = indices.map((i) => this.rowGroup[i]);
    this.rowPrompt = indices.map((i) => this.rowPrompt[i]);
    this.count = indices.length;
    // groups without rows leave; the others move down in order
    const live = [...new Set(this.rowGroup)].sort((a, b) => a - b);
    if (live.length === this.groups) return;
    moveSlots(this.groupBuffers, live, this.shape.kvHeads * this.groupCapacity * this.shape.headDim);
    const renumber = new Map(live.map((from, to) => [from, to]));
    this.groupKey = live.map((g) => this.groupKey[g]);
    this.groupLength = live.map((g) => this.groupLength[g]);
    this.rowGroup = this.rowGroup.map((g) => renumber.get(g)!);
    this.groups = live.length;
  }

  async step(tokens: readonly number[], lengths: readonly number[]): Promise<Float32Array> {
    const R = this.count;
    const G = this.groups;
    const { kvHeads, headDim } = this.shape;
    let need = 0;
    for (let r = 0; r < R; r++) {
      const own = lengths[r] - this.rowPrompt[r];
      if (own >= this.rowCapacity)
        throw new Error(`GroupedDecodeBatch: row ${r} exceeds its ${this.rowCapacity} new-token slots`);
      need = Math.max(need, own + 1); // the new token goes to slot own after the run
    }
    this.rowStride = growLayout(
      this.rowBuffers,
      R,
      this.shape,
      this.rowStride,
      need,
      this.growth,
      this.rowCapacity,
    );
    const Cr = this.rowStride;
    const Cg = this.groupCapacity;
    // query slots: group g's rows in slots g*n .. g*n + count - 1; unused slots repeat a row of the group
    const members: number[][] = Array.from({ length: G }, () => []);
    this.rowGroup.forEach((g, r) => {
      members[g].push(r);
    });
    const n = Math.max(...members.map((m) => m.length));
    const groupRows: number[] = [];
    const rowSlots = new Array<number>(R);
    members.forEach((m, g) => {
      for (let k = 0; k < n; k++) {
        groupRows.push(m[Math.min(k, m.length - 1)]);
        if (k < m.length) rowSlots[m[k]] = g * n + k;
      }
    });
    const rowBias = new Float32Array(R * Cr);
    for (let r = 0; r < R; r++) {
      const own = lengths[r] - this.rowPrompt[r];
      rowBias.fill(MASKED, r * Cr + own, (r + 1) * Cr);
    }
    const groupBias = new Float32Array(G * Cg);
    for (let g = 0; g < G; g++) groupBias.fill(MASKED, g * Cg + this.groupLength[g], (g + 1) * Cg);
    const feeds: Record<string, ort.Tensor> = {
      ...this.weights(),
      ...this.prefixFeeds,
      [QWEN_IO.inputIds]: int64(tokens, [R, 1]),
      [QWEN_IO.positionIds]: int64(lengths, [R, 1]), // absolute positions
      [QWEN_IO.attentionBias]: new ort.Tensor('float32', rowBias, [R, 1, 1, 1, Cr]),
      [QWEN_IO.groupBias]: new ort.Tensor('float32', groupBias, [G, 1, 1, Cg]),
      [QWEN_IO.groupRows]: int64(groupRows, [G * n]),
      [QWEN_IO.rowSlots]: int64(rowSlots, [R]),
    };
    const rowDims = [R, kvHeads, Cr, headDim];
    const groupDims = [G, kvHeads, Cg, headDim];
    const rowSize = R * kvHeads * Cr * headDim;
    const groupSize = G * kvHeads * Cg * headDim;
    for (let l = 0; l < this.shape.layers; l++) {
      const rows = this.rowBuffers[l];
      const groups = this.groupBuffers[l];
      feeds[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', rows.key.subarray(0, rowSize), rowDims);
      feeds[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', rows.value.subarray(0, rowSize), rowDims);
      feeds[QWEN_IO.groupKey(l)] = new ort.Tensor('float32', groups.key.subarray(0, groupSize), groupDims);
      feeds[QWEN_IO.groupValue(l)] = new ort.Tensor(
        'float32',
        groups.value.subarray(0, groupSize),
        groupDims,
      );
    }
    const out = await this.session.run(feeds);
    // row r's new token goes to its own slot lengths[r] - prompt length
    writeNewTokens(this.rowBuffers, out, R, this.shape, Cr, (r) => lengths[r] - this.rowPrompt[r]);
    return out[QWEN_IO.logits].data as Float32Array;
  }
}
