// SPDX-License-Identifier: MIT
#include "region_plan.hpp"

#include "checked_math.hpp"

namespace weft {

namespace {

bool is_power_of_two(std::size_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

} // namespace

Result<RegionPlan> plan_region(const RegionRequest& request) {
  std::size_t page = request.page_size;
  bool valid =
      is_power_of_two(page) && is_power_of_two(request.stack_alignment) &&
      is_power_of_two(request.tls.align) &&
      is_power_of_two(request.instance_align) && request.tls.align <= page &&
      request.instance_align <= page && request.stack_alignment <= page &&
      request.stack_size >= min_stack_size;
  if (!valid)
    return Errno(EINVAL);

  // The TLS area starts on a page boundary, so the stack top below it is
  // aligned for every ABI and the area for any alignment up to a page.
  RegionPlan plan{};
  plan.guard_size = page;
  plan.stack_offset = page;
  auto stack = align_up(request.stack_size, page);
  auto tls_offset = stack ? checked_add(page, *stack) : stack;
  auto tls_end =
      tls_offset ? checked_add(*tls_offset, request.tls.size) : tls_offset;
  auto instance_offset =
      tls_end ? align_up(*tls_end, request.instance_align) : tls_end;
  auto instance_end = instance_offset
                          ? checked_add(*instance_offset, request.instance_size)
                          : instance_offset;
  auto size = instance_end ? align_up(*instance_end, page) : instance_end;
  auto thread_pointer =
      tls_offset ? checked_add(*tls_offset, request.tls.thread_pointer_offset)
                 : tls_offset;
  if (!size || !thread_pointer)
    return Errno(ENOMEM);

  plan.size = *size;
  plan.tls_offset = *tls_offset;
  plan.stack_top = align_down(*tls_offset, request.stack_alignment);
  plan.thread_pointer_offset = *thread_pointer;
  plan.instance_offset = *instance_offset;
  return plan;
}

} // namespace weft
