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

/**
 * The strongly connected components of a directed graph of `n` nodes (Tarjan's algorithm,
 * iterative). `component[v]` numbers them so that an edge u → v between two components has
 * component[v] < component[u]: with edges pointing at what a node depends on, components come
 * numbered dependencies first. `cyclic[c]` says whether component c holds a loop (more than
 * one node, or a node with an edge to itself).
 */
export function stronglyConnected(n: number, edges: (node: number) => readonly number[]): { component: Int32Array; count: number; cyclic: boolean[] } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const cyclic: boolean[] = [];
  // The depth-first path: a node, its edges, and how many of them were followed. One set of
  // arrays for the whole search, not an object per node: this runs for every circuit instance.
  const pathNode: number[] = [];
  const pathOut: (readonly number[])[] = [];
  const pathNext: number[] = [];
  let counter = 0;
  let count = 0;
  const open = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    pathNode.push(v);
    pathOut.push(edges(v));
    pathNext.push(0);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    open(root);
    while (pathNode.length > 0) {
      const top = pathNode.length - 1;
      const v = pathNode[top]!;
      const out = pathOut[top]!;
      const next = pathNext[top]!;
      if (next < out.length) {
        pathNext[top] = next + 1;
        const w = out[next]!;
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      pathNode.pop();
      pathOut.pop();
      pathNext.pop();
      if (top > 0) {
        const parent = pathNode[top - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      let size = 0;
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component[w] = count;
        size++;
      } while (w !== v);
      cyclic.push(size > 1 || out.includes(v));
      count++;
    }
  }
  return { component, count, cyclic };
}
