// SPDX-License-Identifier: MIT
// A program without thread_local variables has no PT_TLS segment
// (static_check.sh verifies that); start-up and threads must still work.
#include "tap.hpp"
#include "weft.hpp"

int main(int, char**, char**) {
  tap::Tap tap;
  tap.equal(weft::Thread::current_id(), weft::sys::gettid(),
            "main thread id without PT_TLS");
  int good = 0;
  for (int i = 0; i < 200; i++) {
    auto handle = weft::Thread::spawn(
        {.stack_size = 64 * 1024},
        [](int n) {
          return weft::Thread::current_id() == weft::sys::gettid() ? n : -1;
        },
        i);
    if (!handle)
      break;
    good += handle->join() == i;
  }
  tap.equal(good, 200, "200 threads without PT_TLS");
  return tap.finish();
}
