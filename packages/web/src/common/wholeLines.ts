import type { DescriptionsProps } from 'antd';

type Item = NonNullable<DescriptionsProps['items']>[number];
/** An item of a Descriptions; `wide` ones take a line of their own. */
export type LineItem = Omit<Item, 'span'> & { wide?: boolean };

/**
 * Spans for a Descriptions of `columns` columns whose rows come and go (with the reader's role, a
 * record's state): a wide item starts its own line, so the item before it (and the last item)
 * fills the rest of its line. Fixed spans went wrong whenever an optional row above shifted a wide
 * one off the first column (antd then warns and draws a ragged right edge). On a narrower screen
 * with fewer columns, "filled" is what is left of that line.
 */
export function wholeLines(items: LineItem[], columns = 2): Item[] {
  const out: Item[] = [];
  let used = 0; // items on the current line so far
  const fillLast = () => {
    out[out.length - 1] = { ...out[out.length - 1], span: 'filled' } as Item;
  };
  for (const { wide, ...item } of items) {
    if (wide) {
      if (used > 0) fillLast();
      out.push({ ...item, span: 'filled' } as Item);
      used = 0;
    } else {
      out.push(item as Item);
      used = (used + 1) % columns;
    }
  }
  if (used > 0) fillLast();
  return out;
}
