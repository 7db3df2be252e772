// cli/link/vm_nopie.cpp - the VM compiled once more for the `aio` command alone,
// as position-dependent code (-fno-pie, CMakeLists.txt), when the command is linked
// fully static (a non-PIE executable).
//
// Why: the library must stay position-independent (embedders link libaio.a into
// PIE executables), and PIE code computes the address of the dispatch table and of
// every global RIP-relatively on each use, which GCC cannot hoist out of the
// computed-goto loop without spilling. Position-dependent, the dispatch loop runs
// 4-5% fewer instructions on fib, loop and method (callgrind). The command links
// this object ahead of libaio.a, so the archive's vm.cpp.o, which defines the same
// symbols, is never pulled in.
#include "interpreter/vm.cpp"
