import { describe, expect, it } from 'vitest';
import { createStageWriter } from '../../src/engine/stage.ts';

/** A write that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('stage writer', () => {
  it('runs writes one at a time, in order, while the reader goes on until the bound is reached', async () => {
    const writer = createStageWriter(100);
    const order: string[] = [];
    const first = gate();
    let running = 0;
    let most = 0;
    const task = (name: string, wait?: Promise<void>) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(`start ${name}`);
      await wait;
      order.push(`end ${name}`);
      running--;
    };
    // Under the bound: `write` returns at once although the first write has not finished.
    await writer.write(task('a', first.opened), 40);
    await writer.write(task('b'), 40);
    expect(order).toEqual(['start a']);
    // Over the bound: this write waits until enough earlier ones are done.
    let returned = false;
    const third = writer.write(task('c'), 40).then(() => (returned = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(returned).toBe(false);
    first.open();
    await third;
    await writer.flush();
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(most).toBe(1);
  });

  it('skips the writes after a failure and reports it at the next write and at flush', async () => {
    const writer = createStageWriter(1_000);
    const ran: string[] = [];
    await writer.write(async () => {
      ran.push('a');
      throw new Error('COPY failed');
    }, 10);
    await writer.write(async () => void ran.push('b'), 10).catch(() => {});
    await expect(writer.flush()).rejects.toThrow('COPY failed');
    await expect(writer.write(async () => void ran.push('c'), 10)).rejects.toThrow('COPY failed');
    await writer.settle();
    expect(ran).toEqual(['a']);
  });
});
