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
  // Whether the stack still contains every page its thread touched.
  bool whole;
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
// Whether one cached region is whole; at most one is.
bool whole_region_cached = false;

// Takes entry i out of the array; called with cache_lock held.
CachedRegion remove_entry(std::size_t i) {
  CachedRegion entry = regions[i];
  regions[i] = regions[--region_count];
  cached_bytes -= entry.size;
  if (entry.whole)
    whole_region_cached = false;
  return entry;
}

// Removes regions, newest first, until count and bytes fit the limits;
// called with cache_lock held. Returns how many it moved to evicted.
std::size_t evict_over_limits(CachedRegion* evicted) {
  std::size_t count = 0;
  RegionCacheLimits bounds = current_limits();
  while (region_count > 0 &&
         (region_count > bounds.regions || cached_bytes > bounds.bytes))
    evicted[count++] = remove_entry(region_count - 1);
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
    if (regions[i].size == size)
      return remove_entry(i).base;
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

// Adds a region; called with cache_lock held after has_room(size).
void insert(void* base, std::size_t size, bool whole) {
  regions[region_count++] = {base, size, whole};
  cached_bytes += size;
  if (whole)
    whole_region_cached = true;
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

// Caches the region, or returns false when the cache has no room for it.
// One region may enter whole, which spares a thread that spawns and joins
// in a loop a system call per pair. The others are trimmed first, outside
// the lock, and only when the cache is likely to keep them.
bool keep(void* base, std::size_t size, void* stack_top) {
  {
    LockGuard guard(cache_lock);
    if (!has_room(size))
      return false;
    if (!whole_region_cached) {
      insert(base, size, true);
      return true;
    }
  }
  trim_stack(base, stack_top);
  LockGuard guard(cache_lock);
  if (!has_room(size))
    return false;
  insert(base, size, false);
  return true;
}

} // namespace

void cache_or_unmap_region(void* base, std::size_t size, void* stack_top) {
  if (!keep(base, size, stack_top))
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
      evicted[count++] = remove_entry(region_count - 1);
  }
  unmap_all(evicted, count);
}

} // namespace weft
