// SPDX-License-Identifier: MIT
// Stack sizes spawn cannot honour fail with an error value and leave no
// mapping behind; the smallest accepted size works.
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

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
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
