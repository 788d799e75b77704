// SPDX-License-Identifier: MIT
// The region cache: thread regions kept after join for the next spawn.
#pragma once

#include <cstddef>

namespace weft {

// Bounds on the regions of joined threads that weft keeps mapped for reuse.
// A spawn whose region has the same size as a cached one takes it instead
// of making a new mapping: no mmap, no guard to install, and the pages the last
// thread touched near the top of its stack are still committed. Regions of
// other sizes are never handed out, so a guard page stays where its region
// starts. Threads that free their own region after a detach bypass the
// cache.
struct RegionCacheLimits {
  // The maximum number of regions kept, itself at most max_regions. 0
  // disables the cache.
  std::size_t regions = 16;
  // The maximum number of mapped bytes kept, guard pages included.
  std::size_t bytes = 64 * 1024 * 1024;

  static constexpr std::size_t max_regions = 64;
};

// The regions and bytes in the cache at one moment.
struct RegionCacheUsage {
  std::size_t regions;
  std::size_t bytes;
};

namespace detail {

// A region of the given size from the cache, or nullptr.
void* take_cached_region(std::size_t size);

// Keeps the region of a thread that has exited, or unmaps it when the
// cache is full. Except in one region, the pages more than
// kept_stack_bytes below stack_top go back to the kernel first, so the
// memory the cache keeps committed is at most one whole region plus
// regions x (kept_stack_bytes + one page).
void cache_or_unmap_region(void* base, std::size_t size, void* stack_top);

// The stack kept committed in a cached region, below its TLS area.
inline constexpr std::size_t kept_stack_bytes = 64 * 1024;

} // namespace detail
} // namespace weft
