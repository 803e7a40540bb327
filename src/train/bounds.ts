// How large the weights of a neuron need ever be: what makes an integer program with bounded
// weights a proof that no network of a given size exists.
//
// Muroga, Toda and Takasu (1961; Muroga, "Threshold Logic and its Applications", 1971): every
// threshold function of m inputs has a realisation with integer weights |w_i| <=
// (m+1)^((m+1)/2) / 2^m. A neuron in a network sees only some input patterns; whatever it
// does on them, its weights and bias define a threshold function of all m inputs, which has
// such a realisation, agreeing with it everywhere, so on those patterns too. And with whole
// weights the bias can be moved into [−Σ max(w_i, 0) − 1, Σ max(−w_i, 0)] without changing
// the function (outside that range the neuron is constant, and the interval's ends give the
// same constants), so |b| <= Σ|w_i| + 1 <= m·W + 1.

/** The largest whole W with W <= (m+1)^((m+1)/2) / 2^m, computed exactly. */
export function murogaBound(m: number): number {
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`murogaBound needs a whole m >= 0, got ${m}`);
  if (m === 0) return 0;
  // W·2^m <= (m+1)^((m+1)/2)  ⇔  (W·2^m)^2 <= (m+1)^(m+1)
  const limit = BigInt(m + 1) ** BigInt(m + 1);
  const scale = 1n << BigInt(m);
  let lo = 0n;
  let hi = 1n;
  while ((hi * scale) ** 2n <= limit) hi *= 2n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if ((mid * scale) ** 2n <= limit) lo = mid;
    else hi = mid;
  }
  return Number(lo);
}

/** The bias bound that goes with weights bounded by W on m inputs. */
export function biasBound(m: number, w: number): number {
  return m * w + 1;
}
