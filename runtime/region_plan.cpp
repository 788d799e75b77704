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

  // Planned from the top down: the instance ends the region, the TLS area
  // sits right below it and the stack right below that, so a thread whose
  // stack stays small touches a single page for all three. The read-write
  // part is the stack plus both areas plus room for every alignment gap,
  // rounded up to a page, so the stack gets at least the requested size.
  RegionPlan plan{};
  plan.guard_size = page;
  plan.stack_offset = page;
  CheckedSize needed = request.stack_size;
  const std::size_t parts[] = {request.tls.size, request.instance_size,
                               request.tls.align, request.instance_align,
                               request.stack_alignment};
  for (std::size_t part : parts)
    needed = needed ? checked_add(*needed, part) : needed;
  auto writable = needed ? align_up(*needed, page) : needed;
  auto size = writable ? checked_add(page, *writable) : writable;
  if (!size)
    return Errno(ENOMEM);

  plan.size = *size;
  plan.instance_offset =
      align_down(plan.size - request.instance_size, request.instance_align);
  plan.tls_offset =
      align_down(plan.instance_offset - request.tls.size, request.tls.align);
  plan.stack_top = align_down(plan.tls_offset, request.stack_alignment);
  plan.thread_pointer_offset =
      plan.tls_offset + request.tls.thread_pointer_offset;
  return plan;
}

} // namespace weft
