// SPDX-License-Identifier: MIT
#include "futex.hpp"

#include "process.hpp"
#include "syscalls.hpp"

namespace weft {
namespace {

// Sorts a futex wait's outcome. Errors other than these mean the word or
// the deadline is invalid, which no caller can recover from.
WaitResult classify_wait(const Result<void>& result) {
  if (result)
    return WaitResult::woken;
  switch (result.error().value()) {
  case EAGAIN: // the word no longer held expected
  case EINTR:  // a signal handler ran
    return WaitResult::woken;
  case ETIMEDOUT: // the deadline passed
    return WaitResult::timed_out;
  case EFAULT:
    fatal("futex wait on an unmapped word");
  case EINVAL:
    fatal("futex wait on a misaligned word or with an invalid deadline");
  case ENOSYS:
    fatal("the kernel has no futex call for 64-bit times (needs Linux 5.1)");
  default:
    fatal("futex wait failed");
  }
}

} // namespace

void Futex::wait(const Atomic<std::uint32_t>& word, std::uint32_t expected) {
  (void)classify_wait(sys::futex_wait(word.address(), expected));
}

WaitResult Futex::wait_until(const Atomic<std::uint32_t>& word,
                             std::uint32_t expected, Deadline deadline) {
  sys::Timespec time = deadline.timespec();
  return classify_wait(sys::futex_wait_until(word.address(), expected, time));
}

int Futex::wake(const Atomic<std::uint32_t>& word, int count) {
  auto woken = sys::futex_wake(word.address(), count);
  if (!woken)
    fatal("futex wake on an invalid word");
  return *woken;
}

} // namespace weft
