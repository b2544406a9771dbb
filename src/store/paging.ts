/**
 * A page from rows fetched one past its size: the items, and the cursor of its last row when more
 * rows follow (null at the end).
 */
export function pageOf<Row, Item>(rows: readonly Row[], limit: number, cursorOf: (row: Row) => number, toItem: (row: Row) => Item): { items: Item[]; nextCursor: number | null } {
  const page = rows.slice(0, limit);
  return { items: page.map(toItem), nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null };
}
