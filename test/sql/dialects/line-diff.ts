/**
 * A unified line diff (LCS), small and dependency-free, for the reviewable
 * dialect-diff view (test/sql/snapshots/DIFF.md).
 */
type Op = { kind: ' ' | '-' | '+'; line: string };

function operations(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  return ops;
}

/** Hunks of changed lines with `context` unchanged lines around them; '' when equal. */
export function unifiedDiff(before: string, after: string, context = 1): string {
  const ops = operations(before.split('\n'), after.split('\n'));
  const keep = ops.map(() => false);
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    for (let c = Math.max(0, k - context); c <= Math.min(ops.length - 1, k + context); c++)
      keep[c] = true;
  });
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (!keep[k]) return;
    if (k === 0 || !keep[k - 1]) out.push('@@');
    out.push(`${op.kind}${op.line}`);
  });
  return out.join('\n');
}
