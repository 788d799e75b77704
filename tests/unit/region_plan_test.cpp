// SPDX-License-Identifier: MIT
// plan_region: the guard, stack, TLS area and instance offsets for the page
// sizes Linux uses (4 KiB, 16 KiB and 64 KiB), and the requests it rejects.
#include <cerrno>
#include <cstddef>
#include <cstdint>

#include <doctest/doctest.h>

#include "arch_abi_export.hpp"
#include "region_plan.hpp"

using weft::RegionPlan;
using weft::RegionRequest;
using weft::TlsPlan;

namespace {

constexpr std::size_t size_max = SIZE_MAX;
constexpr std::size_t page_sizes[] = {4096, 16384, 65536};

// The plan plan_tls returns on x86_64 for memory_size 100 and align 64.
constexpr TlsPlan x86_64_tls = {
    .size = 176,
    .align = 64,
    .block_offset = 0,
    .tcb_offset = 128,
    .tcb_size = 48,
    .thread_pointer_offset = 128,
};

// The plan plan_tls returns on aarch64 for memory_size 20 and align 8.
constexpr TlsPlan aarch64_tls = {
    .size = 36,
    .align = 8,
    .block_offset = 16,
    .tcb_offset = 0,
    .tcb_size = 16,
    .thread_pointer_offset = 0,
};

// A TLS area as large as a page and aligned to one.
constexpr TlsPlan page_aligned_tls = {
    .size = 4096 + 48,
    .align = 4096,
    .block_offset = 16,
    .tcb_offset = 4096,
    .tcb_size = 48,
    .thread_pointer_offset = 4096,
};

RegionRequest make_request(std::size_t page_size, std::size_t stack_size) {
  RegionRequest request{};
  request.page_size = page_size;
  request.stack_size = stack_size;
  request.stack_alignment = weft::test::x86_64_abi.stack_alignment;
  request.tls = x86_64_tls;
  request.instance_size = 200;
  request.instance_align = 64;
  return request;
}

RegionPlan plan_or_fail(const RegionRequest& request) {
  auto result = weft::plan_region(request);
  REQUIRE(result.has_value());
  return result.value();
}

int plan_error(const RegionRequest& request) {
  auto result = weft::plan_region(request);
  REQUIRE_FALSE(result.has_value());
  return result.error().value();
}

std::size_t round_up(std::size_t value, std::size_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

// The bytes the read-write part must hold: the stack, both areas and the
// largest gap each alignment can leave.
std::size_t needed_bytes(const RegionRequest& request) {
  return request.stack_size + request.tls.size + request.instance_size +
         request.tls.align + request.instance_align + request.stack_alignment;
}

// Checks every rule a plan must follow, whatever the numbers.
void check_layout(const RegionRequest& request, const RegionPlan& plan) {
  std::size_t page = request.page_size;
  std::size_t tls_end = plan.tls_offset + request.tls.size;
  std::size_t instance_end = plan.instance_offset + request.instance_size;

  CHECK(plan.guard_size == page);
  CHECK(plan.stack_offset == page);
  CHECK(plan.size % page == 0);
  CHECK(plan.size == page + round_up(needed_bytes(request), page));

  // The instance ends the region, as close to its end as it can.
  CHECK(plan.instance_offset % request.instance_align == 0);
  CHECK(instance_end <= plan.size);
  CHECK(plan.size - instance_end < request.instance_align);

  // The TLS area sits right below the instance.
  CHECK(plan.tls_offset % request.tls.align == 0);
  CHECK(tls_end <= plan.instance_offset);
  CHECK(plan.instance_offset - tls_end < request.tls.align);
  CHECK(plan.thread_pointer_offset ==
        plan.tls_offset + request.tls.thread_pointer_offset);

  // The stack ends right below the TLS area and is at least as requested.
  CHECK(plan.stack_top % request.stack_alignment == 0);
  CHECK(plan.stack_top <= plan.tls_offset);
  CHECK(plan.tls_offset - plan.stack_top < request.stack_alignment);
  CHECK(plan.stack_top - plan.stack_offset >= request.stack_size);
}

} // namespace

TEST_CASE("region plan exact 4 KiB example") {
  RegionRequest request = make_request(4096, 64 * 1024);
  RegionPlan plan = plan_or_fail(request);
  // 65536 + 176 + 200 + 64 + 64 + 16 = 66056 bytes round up to 0x11000,
  // and the guard page comes below them.
  CHECK(plan.size == 0x12000);
  CHECK(plan.guard_size == 4096);
  CHECK(plan.stack_offset == 4096);
  // 0x12000 - 200 = 0x11f38, rounded down to 64.
  CHECK(plan.instance_offset == 0x11f00);
  // 0x11f00 - 176 = 0x11e50, rounded down to 64.
  CHECK(plan.tls_offset == 0x11e40);
  CHECK(plan.stack_top == 0x11e40);
  CHECK(plan.thread_pointer_offset == 0x11e40 + 128);
}

TEST_CASE("region plan exact 64 KiB example") {
  RegionRequest request = make_request(65536, 20000);
  request.tls = aarch64_tls;
  request.stack_alignment = weft::test::aarch64_abi.stack_alignment;
  request.instance_size = 24;
  request.instance_align = 8;
  RegionPlan plan = plan_or_fail(request);
  // The stack, the TLS area and the instance fit in one 64 KiB page.
  CHECK(plan.size == 0x20000);
  CHECK(plan.guard_size == 0x10000);
  CHECK(plan.stack_offset == 0x10000);
  CHECK(plan.instance_offset == 0x1ffe8);
  CHECK(plan.tls_offset == 0x1ffc0);
  CHECK(plan.stack_top == 0x1ffc0);
  CHECK(plan.thread_pointer_offset == 0x1ffc0);
}

TEST_CASE("region plan layouts per page size") {
  const std::size_t stack_sizes[] = {
      weft::min_stack_size, weft::min_stack_size + 1, 20000, 65536,
      1024 * 1024 + 1,      8 * 1024 * 1024};
  const TlsPlan tls_plans[] = {x86_64_tls, aarch64_tls, page_aligned_tls};
  struct Instance {
    std::size_t size;
    std::size_t align;
  };
  const Instance instances[] = {{0, 1}, {1, 1}, {200, 64}, {4096, 4096}};
  const std::size_t stack_alignments[] = {16, 64};

  for (std::size_t page : page_sizes) {
    for (std::size_t stack_size : stack_sizes) {
      for (const TlsPlan& tls : tls_plans) {
        for (const Instance& instance : instances) {
          for (std::size_t stack_alignment : stack_alignments) {
            CAPTURE(page);
            CAPTURE(stack_size);
            CAPTURE(tls.size);
            CAPTURE(instance.size);
            CAPTURE(instance.align);
            CAPTURE(stack_alignment);
            RegionRequest request = make_request(page, stack_size);
            request.stack_alignment = stack_alignment;
            request.tls = tls;
            request.instance_size = instance.size;
            request.instance_align = instance.align;
            check_layout(request, plan_or_fail(request));
          }
        }
      }
    }
  }
}

TEST_CASE("region plan minimum stack size") {
  CHECK(weft::min_stack_size == 16384);
  for (std::size_t page : page_sizes) {
    CAPTURE(page);
    RegionRequest request = make_request(page, weft::min_stack_size);
    RegionPlan plan = plan_or_fail(request);
    check_layout(request, plan);
    CHECK(plan.stack_top - plan.stack_offset >= 16384);
    CHECK(plan_error(make_request(page, weft::min_stack_size - 1)) == EINVAL);
    CHECK(plan_error(make_request(page, 0)) == EINVAL);
  }
}

TEST_CASE("region plan rejects huge stacks") {
  for (std::size_t page : page_sizes) {
    CAPTURE(page);
    CHECK(plan_error(make_request(page, size_max)) == ENOMEM);
    // These two round up to the last page boundary, which leaves no room
    // for the guard page below the stack.
    CHECK(plan_error(make_request(page, size_max - page)) == ENOMEM);
    CHECK(plan_error(make_request(page, size_max - page + 1)) == ENOMEM);
  }
}

TEST_CASE("region plan rejects huge TLS") {
  RegionRequest request = make_request(4096, 65536);
  request.tls.size = size_max - 0x10000;
  CHECK(plan_error(request) == ENOMEM);
}

TEST_CASE("region plan rejects huge instance") {
  RegionRequest request = make_request(4096, 64 * 1024);
  request.instance_size = size_max;
  CHECK(plan_error(request) == ENOMEM);

  // The read-write part would need SIZE_MAX - 3969 bytes, which a page
  // cannot round up.
  request.instance_size = size_max - 0x110c0 - 1;
  CHECK(plan_error(request) == ENOMEM);
}

TEST_CASE("region plan largest instance fits") {
  // The read-write part fills everything up to the last page boundary,
  // SIZE_MAX - 4095, above the guard page.
  RegionRequest request = make_request(4096, 64 * 1024);
  std::size_t writable = size_max - 4095 - 4096;
  request.instance_size = 0;
  request.instance_size = writable - needed_bytes(request);
  RegionPlan plan = plan_or_fail(request);
  check_layout(request, plan);
  CHECK(plan.size == size_max - 4095);

  request.instance_size++;
  CHECK(plan_error(request) == ENOMEM);
}

TEST_CASE("region plan rejects bad alignments") {
  for (std::size_t page : page_sizes) {
    CAPTURE(page);
    RegionRequest request = make_request(page, 65536);

    request.instance_align = 2 * page;
    CHECK(plan_error(request) == EINVAL);
    request.instance_align = 0;
    CHECK(plan_error(request) == EINVAL);
    request.instance_align = 24;
    CHECK(plan_error(request) == EINVAL);

    request = make_request(page, 65536);
    request.tls.align = 2 * page;
    CHECK(plan_error(request) == EINVAL);
    request.tls.align = 48;
    CHECK(plan_error(request) == EINVAL);

    request = make_request(page, 65536);
    request.stack_alignment = 2 * page;
    CHECK(plan_error(request) == EINVAL);
    request.stack_alignment = 0;
    CHECK(plan_error(request) == EINVAL);
    request.stack_alignment = 12;
    CHECK(plan_error(request) == EINVAL);
  }
}

TEST_CASE("region plan alignments up to page") {
  for (std::size_t page : page_sizes) {
    CAPTURE(page);
    RegionRequest request = make_request(page, 65536);
    request.instance_align = page;
    request.stack_alignment = page;
    request.tls.align = page;
    RegionPlan plan = plan_or_fail(request);
    check_layout(request, plan);
    CHECK(plan.instance_offset == plan.size - page);
  }
}

TEST_CASE("region plan rejects bad page sizes") {
  const std::size_t bad_pages[] = {0, 4095, 12288, 4097};
  for (std::size_t page : bad_pages) {
    CAPTURE(page);
    CHECK(plan_error(make_request(page, 65536)) == EINVAL);
  }
}
