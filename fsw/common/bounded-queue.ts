/**
 * A first-in first-out queue with a fixed capacity. When full, a push drops
 * the oldest item (newer data is worth more) and counts it: nothing is lost
 * silently.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;
  /** Items dropped because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity ${capacity} is not a positive integer`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Adds an item; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    let droppedItem: T | undefined;
    if (this.size === this.capacity) {
      droppedItem = this.shift();
      this.dropped++;
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
    return droppedItem;
  }

  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return item;
  }

  /** The items, oldest first (a copy). */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.head + i) % this.capacity] as T);
    return out;
  }

  clear(): void {
    while (this.size > 0) this.shift();
  }
}
