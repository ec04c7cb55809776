/** Wording shared by refusals. */

/**
 * A list in a message, bounded: the first `max` items and how many more, so
 * a refusal stays small however many holders a bond has.
 */
export function someOf(items: readonly string[], max = 10): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
