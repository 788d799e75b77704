// SPDX-License-Identifier: MIT
// Planning one thread's region: a single mapping that contains everything a
// thread owns, so that spawning is one mmap and one call that installs the
// guard, and releasing it is one munmap.
//
//   low address                                            high address
//   | guard page | stack, grows down | TLS area (block + TCB) | instance |
//                ^ stack_offset      ^ stack_top, tls_offset  ^ instance_offset
//
// Any access to the guard faults, so a stack overflow cannot write over
// another mapping; the rest is read-write and committed lazily. The
// instance ends at the end of the region and the stack starts right below
// the TLS area, so a thread with a small stack commits one page for its
// stack top, TLS and instance. Pure arithmetic: every addition is checked
// and every size is rounded to the page size the kernel reported, so the
// planner is tested on the host.
#pragma once

#include <cstddef>

#include "result.hpp"
#include "tls_plan.hpp"

namespace weft {

// Stacks smaller than this are rejected: the thread's own start-up and a few
// system calls need about 1 KiB, a user function more.
inline constexpr std::size_t min_stack_size = 16 * 1024;

struct RegionRequest {
  std::size_t page_size;
  std::size_t stack_size;
  std::size_t stack_alignment;
  TlsPlan tls;
  std::size_t instance_size;
  std::size_t instance_align;
};

// Offsets from the start of the region, which mmap aligns to a page.
struct RegionPlan {
  std::size_t size;
  std::size_t guard_size;
  std::size_t stack_offset;
  std::size_t stack_top;
  std::size_t tls_offset;
  std::size_t thread_pointer_offset;
  std::size_t instance_offset;
};

// Returns the plan. EINVAL: a stack below min_stack_size, a page size or
// alignment that is not a power of two, or a TLS, instance or stack
// alignment above the page size. ENOMEM: the sizes add up past the address
// space.
Result<RegionPlan> plan_region(const RegionRequest& request);

} // namespace weft
