// SPDX-License-Identifier: MIT
#include "time.hpp"

#include "process.hpp"
#include "syscalls.hpp"

namespace weft {

Deadline Deadline::now() {
  sys::Timespec time{};
  if (!sys::clock_gettime(CLOCK_MONOTONIC, &time))
    fatal("clock_gettime on CLOCK_MONOTONIC failed");
  return Deadline(static_cast<std::int64_t>(time.tv_sec) * 1000000000 +
                  time.tv_nsec);
}

} // namespace weft
