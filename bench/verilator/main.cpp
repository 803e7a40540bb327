// Sweeps every input of the Verilated circuit: `count` tallies each output and each
// combination of outputs (what `nn table --count` reports); `csv` prints every row as
// `nn table --format csv` does (inputs then outputs), through a large buffer.
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <vector>
#include "Vtop.h"

int main(int argc, char** argv) {
  const bool csv = argc > 1 && strcmp(argv[1], "csv") == 0;
  Vtop top;
  const uint64_t rows = 1ull << NIN;
  if (!csv) {
    std::vector<uint64_t> combos(1ull << NOUT, 0);
    for (uint64_t r = 0; r < rows; r++) {
      top.in = r;
      top.eval();
      combos[top.out]++;
    }
    // Each output's ones follow from the combinations, outside the timed loop's hot path.
    uint64_t distinct = 0, ones[NOUT] = {0};
    for (uint64_t o = 0; o < combos.size(); o++) {
      distinct += combos[o] != 0;
      for (int k = 0; k < NOUT; k++) ones[k] += ((o >> (NOUT - 1 - k)) & 1) * combos[o];
    }
    printf("rows %llu, distinct %llu, first output ones %llu\n", (unsigned long long)rows, (unsigned long long)distinct, (unsigned long long)ones[0]);
    return 0;
  }
  const int width = 2 * (NIN + NOUT);
  char row[256];
  for (int i = 0; i < width; i++) row[i] = i % 2 ? ',' : '0';
  row[width - 1] = '\n';
  static char buffer[1 << 20];
  size_t used = 0;
  for (uint64_t r = 0; r < rows; r++) {
    top.in = r;
    top.eval();
    const uint64_t o = top.out;
    for (int i = 0; i < NIN; i++) row[2 * i] = '0' + ((r >> (NIN - 1 - i)) & 1);
    for (int k = 0; k < NOUT; k++) row[2 * (NIN + k)] = '0' + ((o >> (NOUT - 1 - k)) & 1);
    if (used + width > sizeof buffer) {
      fwrite(buffer, 1, used, stdout);
      used = 0;
    }
    memcpy(buffer + used, row, width);
    used += width;
  }
  fwrite(buffer, 1, used, stdout);
  return 0;
}
