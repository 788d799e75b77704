// SPDX-License-Identifier: MIT
// Incremental SHA-256 (FIPS 180-4) with no libc calls. Words are built from
// bytes with shifts, so the output is the same on big- and little-endian
// targets.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wsum {

struct Digest {
  unsigned char bytes[32];
};

// Writes the digest as 64 lowercase hex characters to out, with no
// terminating NUL.
void to_hex(const Digest& digest, char* out);

class Sha256 {
public:
  // Constant-initialized, so a global Sha256 needs no static constructor.
  constexpr Sha256() = default;

  void update(const void* data, std::size_t size);

  // Pads the message, returns its digest and resets the object, so it can
  // hash a new message.
  Digest finish();

private:
  static constexpr std::uint32_t initial_state[8] = {
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };

  void reset();

  std::uint32_t state_[8] = {
      initial_state[0], initial_state[1], initial_state[2], initial_state[3],
      initial_state[4], initial_state[5], initial_state[6], initial_state[7],
  };
  // Message length in bytes. 64 bits wide even on 32-bit targets, so the
  // padded bit length stays right past 4 GiB.
  std::uint64_t length_ = 0;
  // Bytes of a partial block, waiting for the rest of it.
  unsigned char buffer_[64] = {};
  std::size_t buffered_ = 0;
};

} // namespace wsum
