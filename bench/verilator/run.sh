#!/bin/sh
# The Verilator comparison of docs/performance.md: the 12-bit neuron adder as Verilog, built
# with -O3, timed counting every row and printing every row as CSV to /dev/null.
#   sh bench/verilator/run.sh        (needs verilator and a C++ compiler; npm run build first)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
node -e "import('$root/bench/generate.js').then((m) => process.stdout.write(m.adder(12)))" > "$work/adder12.nn"
node "$here/to-verilog.js" "$work/adder12.nn" Adder12 | sed 's/^module Adder12/module top/' > "$work/top.v"
cd "$work"
verilator --cc top.v --exe "$here/main.cpp" -O3 --x-assign fast --x-initial fast --noassert \
  -CFLAGS "-O3 -DNIN=24 -DNOUT=13" --Mdir obj --build -j 2 >/dev/null
echo "built in $work/obj/Vtop"
for mode in count csv; do
  /usr/bin/time -f "verilator $mode: %e s, %M KB" ./obj/Vtop $mode > /dev/null
done
