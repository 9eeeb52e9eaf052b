/** Plain aligned columns for terminal listings; long cells are cut with an ellipsis. */
export function formatTable(headers: string[], rows: string[][], maxWidth = 60): string {
  const cut = (cell: string) => (cell.length > maxWidth ? cell.slice(0, maxWidth - 1) + '…' : cell);
  const cells = [headers, ...rows.map((row) => row.map(cut))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : (cell ?? '').padEnd(widths[i]))).join('  '))
    .join('\n');
}
