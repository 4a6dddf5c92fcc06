import type { DescriptionsProps } from 'antd';

type Item = NonNullable<DescriptionsProps['items']>[number];
/** An item of a two-column Descriptions; `wide` ones take a line of their own. */
export type LineItem = Omit<Item, 'span'> & { wide?: boolean };

/**
 * Spans for a two-column Descriptions whose rows come and go with the reader's role: a wide item
 * starts its own line, so the item before it (and the last item) fills the rest of its line.
 * Fixed spans of 2 went wrong whenever an optional row above shifted a wide one to the second
 * column (antd then warns and draws a ragged right edge). With one column, "filled" is one.
 */
export function wholeLines(items: LineItem[]): Item[] {
  const out: Item[] = [];
  let half = false; // a line with one item so far
  for (const { wide, ...item } of items) {
    if (wide) {
      if (half) out[out.length - 1] = { ...out[out.length - 1], span: 'filled' } as Item;
      out.push({ ...item, span: 'filled' } as Item);
      half = false;
    } else {
      out.push(item as Item);
      half = !half;
    }
  }
  if (half) out[out.length - 1] = { ...out[out.length - 1], span: 'filled' } as Item;
  return out;
}
