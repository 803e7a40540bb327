/**
 * A cycle in a directed graph of `n` nodes, as the nodes along it (each an edge to the next,
 * the last to the first), or undefined. Iterative, so a deep graph cannot overflow the stack;
 * each node's edges are asked for once.
 */
export function findCycle(n: number, edges: (node: number) => readonly number[]): number[] | undefined {
  const state = new Uint8Array(n); // 0 unvisited, 1 on the current path, 2 finished
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: { node: number; out: readonly number[]; next: number }[] = [{ node: root, out: edges(root), next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.out.length) {
        const m = top.out[top.next++]!;
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
          stack.push({ node: m, out: edges(m), next: 0 });
        }
      } else {
        state[top.node] = 2;
        stack.pop();
      }
    }
  }
  return undefined;
}
