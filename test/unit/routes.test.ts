import { describe, expect, it } from 'vitest';
import { chooseBatchSize, toBatches } from '../../graphs/research/routes.js';

const auto = { batchSize: 0, concurrency: 4, distributed: false };

describe('fan-out granularity', () => {
  it('sends small runs one paper a task and large runs in batches of at most 200', () => {
    expect(chooseBatchSize(auto, 1)).toBe(1);
    expect(chooseBatchSize(auto, 200)).toBe(1);
    expect(chooseBatchSize(auto, 201)).toBe(2);
    expect(chooseBatchSize(auto, 10_000)).toBe(50);
    expect(chooseBatchSize(auto, 40_717)).toBe(200);
    expect(chooseBatchSize(auto, 1_000_000)).toBe(200);
  });

  it('keeps a batch size asked for, and gives a distributed run one task', () => {
    expect(chooseBatchSize({ ...auto, batchSize: 7 }, 40_717)).toBe(7);
    expect(chooseBatchSize({ ...auto, distributed: true }, 40_717)).toBe(40_717);
  });

  it('splits ids into consecutive batches, the last one shorter', () => {
    expect(toBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
