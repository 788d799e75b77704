// SPDX-License-Identifier: MIT
#include "sha256.hpp"

namespace wsum {
namespace {

using std::size_t;
using std::uint32_t;
using std::uint64_t;

constexpr size_t block_size = 64;

// First 32 bits of the fractional parts of the cube roots of the first 64
// primes, the SHA-256 constants of FIPS 180-4.
constexpr uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

inline uint32_t load_be32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

inline void store_be32(unsigned char* p, uint32_t value) {
  p[0] = static_cast<unsigned char>(value >> 24);
  p[1] = static_cast<unsigned char>(value >> 16);
  p[2] = static_cast<unsigned char>(value >> 8);
  p[3] = static_cast<unsigned char>(value);
}

// One round of the compression function. Instead of shifting all eight
// working variables down one place, it writes the new e into d and the new a
// into h, and the caller passes the variables rotated one place each round.
inline void round_step(uint32_t a, uint32_t b, uint32_t c, uint32_t& d,
                       uint32_t e, uint32_t f, uint32_t g, uint32_t& h,
                       uint32_t constant_plus_word) {
  uint32_t sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
  uint32_t choose = (e & f) ^ (~e & g);
  uint32_t t1 = h + sum1 + choose + constant_plus_word;
  uint32_t sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
  uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
  d += t1;
  h = t1 + sum0 + majority;
}

void compress(uint32_t state[8], const unsigned char* block) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = load_be32(block + 4 * i);
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }

  uint32_t a = state[0];
  uint32_t b = state[1];
  uint32_t c = state[2];
  uint32_t d = state[3];
  uint32_t e = state[4];
  uint32_t f = state[5];
  uint32_t g = state[6];
  uint32_t h = state[7];

  // Eight rounds per iteration bring the variables back to their places.
  const uint32_t* k = round_constants;
  for (int i = 0; i < 64; i += 8) {
    round_step(a, b, c, d, e, f, g, h, k[i] + w[i]);
    round_step(h, a, b, c, d, e, f, g, k[i + 1] + w[i + 1]);
    round_step(g, h, a, b, c, d, e, f, k[i + 2] + w[i + 2]);
    round_step(f, g, h, a, b, c, d, e, k[i + 3] + w[i + 3]);
    round_step(e, f, g, h, a, b, c, d, k[i + 4] + w[i + 4]);
    round_step(d, e, f, g, h, a, b, c, k[i + 5] + w[i + 5]);
    round_step(c, d, e, f, g, h, a, b, k[i + 6] + w[i + 6]);
    round_step(b, c, d, e, f, g, h, a, k[i + 7] + w[i + 7]);
  }

  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

} // namespace

void to_hex(const Digest& digest, char* out) {
  static constexpr char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < sizeof digest.bytes; ++i) {
    out[2 * i] = digits[digest.bytes[i] >> 4];
    out[2 * i + 1] = digits[digest.bytes[i] & 0xf];
  }
}

void Sha256::update(const void* data, size_t size) {
  const unsigned char* input = static_cast<const unsigned char*>(data);
  length_ += size;

  // Top up a partial block left by an earlier call first.
  if (buffered_ > 0) {
    size_t take = block_size - buffered_;
    if (take > size)
      take = size;
    for (size_t i = 0; i < take; ++i)
      buffer_[buffered_ + i] = input[i];
    buffered_ += take;
    input += take;
    size -= take;
    if (buffered_ < block_size)
      return;
    compress(state_, buffer_);
    buffered_ = 0;
  }

  // Whole blocks are hashed straight from the input, with no copy.
  while (size >= block_size) {
    compress(state_, input);
    input += block_size;
    size -= block_size;
  }

  for (size_t i = 0; i < size; ++i)
    buffer_[i] = input[i];
  buffered_ = size;
}

Digest Sha256::finish() {
  // The padding ends with the message length in bits as a 64-bit big-endian
  // number. FIPS 180-4 limits messages to under 2^64 bits, so it fits.
  uint64_t bit_length = length_ * 8;

  buffer_[buffered_++] = 0x80;
  if (buffered_ > block_size - 8) {
    // The length does not fit after the 0x80 byte, so zero-fill this block
    // and put the length in one more.
    while (buffered_ < block_size)
      buffer_[buffered_++] = 0;
    compress(state_, buffer_);
    buffered_ = 0;
  }
  while (buffered_ < block_size - 8)
    buffer_[buffered_++] = 0;
  store_be32(buffer_ + 56, static_cast<uint32_t>(bit_length >> 32));
  store_be32(buffer_ + 60, static_cast<uint32_t>(bit_length));
  compress(state_, buffer_);

  Digest digest;
  for (int i = 0; i < 8; ++i)
    store_be32(digest.bytes + 4 * i, state_[i]);
  reset();
  return digest;
}

void Sha256::reset() {
  for (int i = 0; i < 8; ++i)
    state_[i] = initial_state[i];
  length_ = 0;
  buffered_ = 0;
}

} // namespace wsum
