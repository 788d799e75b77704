// SPDX-License-Identifier: MIT
// Planning a static TLS area: where the TLS block, the TCB and the thread
// pointer go inside one allocation, for either TLS variant. Pure arithmetic,
// so the planner runs and is tested on any host.
#pragma once

#include <cstddef>
#include <cstdint>

#include "result.hpp"
#include "tls_abi.hpp"

namespace weft {

// The PT_TLS segment: the initialisation image (.tdata, file_size bytes at
// image) followed by zeroes (.tbss) up to memory_size, aligned to align.
struct TlsImage {
  const void* image = nullptr;
  std::uintptr_t address = 0; // p_vaddr after relocation
  std::size_t file_size = 0;
  std::size_t memory_size = 0;
  std::size_t align = 1;
};

// Offsets are from the start of the area, which must be aligned to align.
struct TlsPlan {
  std::size_t size;         // bytes to allocate
  std::size_t align;        // alignment the area needs
  std::size_t block_offset; // the copy of the TLS image
  std::size_t tcb_offset;   // the ABI's TCB (gap or self-pointer words)
  std::size_t tcb_size;
  std::size_t thread_pointer_offset; // value for the thread-pointer register
};

// Returns the plan, or EINVAL when align is not a power of two, file_size
// exceeds memory_size, or a size overflows. With a tp_bias the thread
// pointer may lie past the end of the area: a register value, not a place
// to write.
Result<TlsPlan> plan_tls(const TlsAbi& abi, const TlsImage& image);

} // namespace weft
