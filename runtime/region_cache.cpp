// SPDX-License-Identifier: MIT
#include "region_cache.hpp"

#include <cstdint>

#include "mutex.hpp"
#include "process.hpp"
#include "syscalls.hpp"
#include "thread.hpp"

namespace weft {
namespace {

struct CachedRegion {
  void* base;
  std::size_t size;
};

// The cache: a small array searched from the newest entry, whose memory is
// the most likely to be in the CPU caches. A Mutex is enough: its
// uncontended lock and unlock are one atomic operation each.
Mutex cache_lock;
// The limits set by set_region_cache_limits, or the defaults while
// chosen_limits is false; both start as zeros, which keeps them in .bss.
RegionCacheLimits limits{.regions = 0, .bytes = 0};
bool chosen_limits = false;

RegionCacheLimits current_limits() {
  return chosen_limits ? limits : RegionCacheLimits{};
}
CachedRegion regions[RegionCacheLimits::max_regions];
std::size_t region_count = 0;
std::size_t cached_bytes = 0;

// Removes regions, newest first, until count and bytes fit the limits;
// called with cache_lock held. Returns how many it moved to evicted.
std::size_t evict_over_limits(CachedRegion* evicted) {
  std::size_t count = 0;
  RegionCacheLimits bounds = current_limits();
  while (region_count > 0 &&
         (region_count > bounds.regions || cached_bytes > bounds.bytes)) {
    evicted[count++] = regions[--region_count];
    cached_bytes -= evicted[count - 1].size;
  }
  return count;
}

void unmap_all(const CachedRegion* evicted, std::size_t count) {
  for (std::size_t i = 0; i < count; i++)
    detail::unmap_region(evicted[i].base, evicted[i].size);
}

} // namespace

namespace detail {

void* take_cached_region(std::size_t size) {
  LockGuard guard(cache_lock);
  for (std::size_t i = region_count; i-- > 0;) {
    if (regions[i].size != size)
      continue;
    void* base = regions[i].base;
    regions[i] = regions[--region_count];
    cached_bytes -= size;
    return base;
  }
  return nullptr;
}

namespace {

// Whether a region of size bytes fits beside the cached ones; called with
// cache_lock held.
bool has_room(std::size_t size) {
  RegionCacheLimits bounds = current_limits();
  return region_count < bounds.regions && cached_bytes <= bounds.bytes &&
         size <= bounds.bytes - cached_bytes;
}

bool has_room_now(std::size_t size) {
  LockGuard guard(cache_lock);
  return has_room(size);
}

// Gives back the stack pages more than kept_stack_bytes below stack_top.
// The region is not in the cache yet, so no thread can be using them.
void trim_stack(void* base, void* stack_top) {
  std::size_t page = process().page_size;
  auto low = reinterpret_cast<std::uintptr_t>(base) + page;
  auto top = reinterpret_cast<std::uintptr_t>(stack_top);
  if (top - low <= kept_stack_bytes)
    return;
  std::uintptr_t high = (top - kept_stack_bytes) & ~(page - 1);
  if (high > low)
    (void)sys::madvise(reinterpret_cast<void*>(low), high - low, MADV_DONTNEED);
}

} // namespace

void cache_or_unmap_region(void* base, std::size_t size, void* stack_top) {
  // Trimming makes a system call, so it happens only for a region the
  // cache is likely to keep, and outside the lock.
  if (has_room_now(size)) {
    trim_stack(base, stack_top);
    LockGuard guard(cache_lock);
    if (has_room(size)) {
      regions[region_count++] = {base, size};
      cached_bytes += size;
      return;
    }
  }
  unmap_region(base, size);
}

} // namespace detail

void Thread::set_region_cache_limits(const RegionCacheLimits& new_limits) {
  CachedRegion evicted[RegionCacheLimits::max_regions];
  std::size_t count = 0;
  {
    LockGuard guard(cache_lock);
    limits = new_limits;
    chosen_limits = true;
    if (limits.regions > RegionCacheLimits::max_regions)
      limits.regions = RegionCacheLimits::max_regions;
    count = evict_over_limits(evicted);
  }
  unmap_all(evicted, count);
}

RegionCacheLimits Thread::region_cache_limits() {
  LockGuard guard(cache_lock);
  return current_limits();
}

RegionCacheUsage Thread::region_cache_usage() {
  LockGuard guard(cache_lock);
  return {region_count, cached_bytes};
}

void Thread::release_region_cache() {
  CachedRegion evicted[RegionCacheLimits::max_regions];
  std::size_t count = 0;
  {
    LockGuard guard(cache_lock);
    while (region_count > 0)
      evicted[count++] = regions[--region_count];
    cached_bytes = 0;
  }
  unmap_all(evicted, count);
}

} // namespace weft
