/**
 * A cycle in a directed graph of `n` nodes, as the nodes along it (each an edge to the next,
 * the last to the first), or undefined. Iterative, so a deep graph cannot overflow the stack.
 */
export function findCycle(n: number, edges: (node: number) => readonly number[]): number[] | undefined {
  const state = new Uint8Array(n); // 0 unvisited, 1 on the current path, 2 finished
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = edges(top.node);
      if (top.next < out.length) {
        const m = out[top.next++]!;
        if (state[m] === 1) {
          const cycle = [top.node];
          for (let v = top.node; v !== m; ) {
            v = parent[v]!;
            cycle.push(v);
          }
          return cycle.reverse();
        }
        if (state[m] === 0) {
          state[m] = 1;
          parent[m] = top.node;
          stack.push({ node: m, next: 0 });
        }
      } else {
        state[top.node] = 2;
        stack.pop();
      }
    }
  }
  return undefined;
}
