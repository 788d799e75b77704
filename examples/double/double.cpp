// SPDX-License-Identifier: MIT
// The smallest weft program with a thread: spawn, check the error, join.
#include "weft.hpp"

int main(int argc, char** argv, char**) {
  weft::Output out(1);
  auto worker = weft::Thread::spawn(
      {.stack_size = 256 * 1024}, [](int n) { return n * 2; }, 21);
  if (!worker) {
    out << argv[0] << ": spawn failed: " << worker.error().message() << '\n';
    return 1;
  }
  out << "thread " << worker->id() << " of " << argc << " argument(s)\n";
  int doubled = worker->join();
  out << "doubled: " << doubled << '\n';
  return doubled == 42 ? 0 : 1;
}
