// SPDX-License-Identifier: MIT
#include "tls_plan.hpp"

#include "checked_math.hpp"

namespace weft {

Result<TlsPlan> plan_tls(const TlsAbi& abi, const TlsImage& image) {
  std::size_t align = image.align == 0 ? 1 : image.align;
  if ((align & (align - 1)) != 0 || image.file_size > image.memory_size)
    return Errno(EINVAL);
  // The TCB contains pointers, so the area is at least pointer-aligned.
  std::size_t area_align = align < alignof(void*) ? alignof(void*) : align;
  // The linker gives each variable a fixed offset from the thread pointer,
  // computed from the image address modulo align. So the block must start
  // at an address congruent to the image's.
  std::size_t misalignment = image.address & (align - 1);

  TlsPlan plan{};
  plan.align = area_align;
  plan.tcb_size = abi.tcb_size;

  if (abi.variant == TlsVariant::one) {
    // | reserved_below | gap of tcb_size | pad | block |, the gap starting
    // at an aligned address, and the thread pointer tp_bias past the gap's
    // start.
    auto below = align_up(abi.reserved_below, area_align);
    auto gap = align_up_congruent(abi.tcb_size, misalignment, align);
    auto block = below && gap ? checked_add(*below, *gap) : CheckedSize();
    auto end = block ? checked_add(*block, image.memory_size) : block;
    auto tp = below ? checked_add(*below, abi.tp_bias) : below;
    if (!end || !tp)
      return Errno(EINVAL);
    plan.tcb_offset = *below;
    plan.block_offset = *block;
    plan.thread_pointer_offset = *tp;
    // An ABI without a gap and a program without TLS still need a valid,
    // non-empty area for the thread pointer to address.
    plan.size = *end < area_align ? area_align : *end;
    return plan;
  }

  // | pad | block | TCB |: the block ends at the thread pointer, which is
  // aligned to align, so the distance from block to thread pointer is the
  // smallest value >= memory_size that keeps the block congruent.
  auto distance = align_up_congruent(
      image.memory_size, (align - misalignment) & (align - 1), align);
  auto tp = distance ? align_up(*distance, area_align) : distance;
  auto end = tp ? checked_add(*tp, abi.tcb_size) : tp;
  if (!end)
    return Errno(EINVAL);
  plan.thread_pointer_offset = *tp;
  plan.block_offset = *tp - *distance;
  plan.tcb_offset = *tp;
  plan.size = *end;
  return plan;
}

} // namespace weft
