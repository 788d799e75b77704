// SPDX-License-Identifier: MIT
// Stack sizes spawn cannot honour fail with an error value and leave no
// mapping behind; the smallest accepted size works; the page below every
// stack rejects access, also in regions reused from the cache.
#include <cstdint>

#include "tap.hpp"
#include "weft.hpp"

namespace {

// Mappings before and after a call that must not leave one behind.
class MappingCheck {
public:
  MappingCheck() : before_(tap::count_mappings()) {}

  void expect_unchanged(tap::Tap& tap, const char* name) {
    if (before_ < 0)
      tap.skip(name, "no /proc");
    else
      tap.equal(tap::count_mappings(), before_, name);
  }

private:
  long before_;
};

int touch_stack(int kilobytes) {
  volatile char buffer[1024];
  buffer[0] = 1;
  if (kilobytes <= 1)
    return buffer[0];
  return touch_stack(kilobytes - 1) + buffer[0];
}

void expect_rejected(tap::Tap& tap, std::size_t size, int error,
                     const char* name, const char* mapping_name) {
  MappingCheck mappings;
  auto handle = weft::Thread::spawn({.stack_size = size}, [] { return 1; });
  tap.fails_with(handle, error, name);
  mappings.expect_unchanged(tap, mapping_name);
}

constexpr std::size_t guarded_stack_size = 256 * 1024;

// Counts the whole pages below the caller's frame that accept a write, up
// to the first that rejects it. clock_gettime writes its result through
// the pointer, and the kernel reports EFAULT instead of faulting. The page
// next to the frame is skipped because the calls below it may use it.
// Returns -1 when no page within reach rejects a write, or the error is
// not EFAULT.
long writable_pages_below() {
  std::size_t page = weft::process().page_size;
  volatile char marker = 0;
  auto frame_page = reinterpret_cast<std::uintptr_t>(&marker) & ~(page - 1);
  long reach = static_cast<long>(guarded_stack_size / page) + 4;
  for (long k = 2; k <= reach; k++) {
    auto* probe = reinterpret_cast<weft::sys::Timespec*>(frame_page - k * page);
    auto written = weft::sys::clock_gettime(CLOCK_MONOTONIC, probe);
    if (!written)
      return written.error() == weft::Errno(EFAULT) ? k - 1 : -1;
  }
  return -1;
}

// Checks that the pages a thread can write below its frame match its
// requested stack size to within two pages, then a guard page.
void expect_guarded(tap::Tap& tap, long pages, const char* name) {
  long expected = static_cast<long>(guarded_stack_size /
                                    weft::process().page_size);
  if (pages >= expected - 2 && pages <= expected)
    tap.check(true, name);
  else
    tap.equal(pages, expected, name); // prints the count found

}

void test_guard_page(tap::Tap& tap) {
  constexpr weft::SpawnConfig config{.stack_size = guarded_stack_size};
  auto first = weft::Thread::spawn(config, writable_pages_below);
  if (tap.check(first.has_value(), "spawn to probe the guard page"))
    expect_guarded(tap, first->join(), "new region ends in a guard page");

  // Two regions alive at once, then both cached: one whole, one trimmed.
  // Two more threads reuse them.
  for (int round = 0; round < 2; round++) {
    auto first_thread = weft::Thread::spawn(config, writable_pages_below);
    auto second_thread = weft::Thread::spawn(config, writable_pages_below);
    if (!tap.check(first_thread.has_value() && second_thread.has_value(),
                   "spawn two threads to probe guard pages"))
      return;
    long pages_one = first_thread->join();
    long pages_two = second_thread->join();
    expect_guarded(tap, pages_one,
                   round == 0 ? "first of two regions has its guard page"
                              : "reused region keeps its guard page");
    expect_guarded(tap, pages_two,
                   round == 0 ? "second of two regions has its guard page"
                              : "reused trimmed region keeps its guard page");
  }
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_guard_page(tap);
  expect_rejected(tap, 0, EINVAL, "stack size 0 fails with EINVAL",
                  "stack size 0 leaves no mapping");
  expect_rejected(tap, weft::min_stack_size - 1, EINVAL,
                  "stack below the minimum fails with EINVAL",
                  "stack below the minimum leaves no mapping");
  expect_rejected(tap, SIZE_MAX, ENOMEM,
                  "stack size SIZE_MAX fails with ENOMEM",
                  "stack size SIZE_MAX leaves no mapping");
  expect_rejected(tap, SIZE_MAX - weft::process().page_size * 4, ENOMEM,
                  "stack size near SIZE_MAX fails with ENOMEM",
                  "stack size near SIZE_MAX leaves no mapping");

  // A size 16 pages short of SIZE_MAX fits the arithmetic but no address
  // space, so mmap itself fails and its error comes back. Half the address
  // space would not do, because a 32-bit process under qemu-user can map
  // 2 GiB.
  {
    MappingCheck mappings;
    std::size_t huge = SIZE_MAX - 16 * weft::process().page_size;
    auto handle = weft::Thread::spawn({.stack_size = huge}, [] { return 1; });
    tap.check(!handle.has_value(), "stack larger than the address space fails");
    if (handle)
      (void)handle->join();
    mappings.expect_unchanged(tap, "failed huge stack leaves no mapping");
  }

  {
    MappingCheck mappings;
    auto handle = weft::Thread::spawn({.stack_size = weft::min_stack_size},
                                      touch_stack, 8);
    if (tap.check(handle.has_value(), "minimum stack size spawns"))
      tap.equal(handle->join(), 8, "minimum stack holds 8 KiB of frames");
    mappings.expect_unchanged(tap, "minimum stack leaves no mapping");
  }

  auto defaulted = weft::Thread::spawn({}, touch_stack, 512);
  if (tap.check(defaulted.has_value(), "default stack size spawns"))
    tap.equal(defaulted->join(), 512, "default stack holds 512 KiB");
  return tap.finish();
}
