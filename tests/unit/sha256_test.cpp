// SPDX-License-Identifier: MIT
#include <cstddef>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "examples/wsum/sha256.hpp"

namespace {

std::string hex_of(const wsum::Digest& digest) {
  char hex[64];
  wsum::to_hex(digest, hex);
  return std::string(hex, sizeof hex);
}

std::string sha256_hex(const std::string& message) {
  wsum::Sha256 hasher;
  hasher.update(message.data(), message.size());
  return hex_of(hasher.finish());
}

// Returns bytes (i * 31 + 7) mod 256. Any 256 consecutive bytes contain every
// byte value, top bit set or not, and no two neighboring blocks are equal.
std::vector<unsigned char> pattern(std::size_t size) {
  std::vector<unsigned char> bytes(size);
  for (std::size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<unsigned char>((i * 31 + 7) & 0xff);
  return bytes;
}

std::string pattern_hex(std::size_t size) {
  std::vector<unsigned char> bytes = pattern(size);
  wsum::Sha256 hasher;
  hasher.update(bytes.data(), bytes.size());
  return hex_of(hasher.finish());
}

} // namespace

// Vectors from NIST's FIPS 180-2 examples for SHA-256.
TEST_CASE("sha256 abc") {
  CHECK(sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 empty message") {
  CHECK(sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256 448-bit message") {
  std::string message =
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  CHECK(message.size() == 56);
  CHECK(sha256_hex(message) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256 896-bit message") {
  std::string message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
                        "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                        "mnopqrstnopqrstu";
  CHECK(message.size() == 112);
  CHECK(sha256_hex(message) ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256 one million a") {
  const char* expected =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  std::string message(1000000, 'a');
  CHECK(sha256_hex(message) == expected);

  // The same message in 1000-byte pieces, so most calls end inside a block.
  wsum::Sha256 hasher;
  for (int i = 0; i < 1000; ++i)
    hasher.update(message.data(), 1000);
  CHECK(hex_of(hasher.finish()) == expected);
}

// A 55-byte message leaves room for the 0x80 byte and the 8-byte length in
// one block. Lengths 56 to 63 need a second block, and 64 is a whole block.
// Expected values are from Python 3.11's hashlib.sha256.
TEST_CASE("sha256 padding boundary lengths") {
  CHECK(pattern_hex(55) ==
        "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b");
  CHECK(pattern_hex(56) ==
        "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63");
  CHECK(pattern_hex(63) ==
        "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076");
  CHECK(pattern_hex(64) ==
        "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd");
}

TEST_CASE("sha256 uneven pieces match one call") {
  // The second piece fills the partial block exactly, the third is a whole
  // block read straight from the input, and the fourth leaves one byte over.
  const char* expected =
      "87746ac61c76c535aff44356de173c446cae1a259ea678f42af728c00b9aa287";
  std::vector<unsigned char> bytes = pattern(1 + 63 + 64 + 65);
  CHECK(pattern_hex(bytes.size()) == expected);

  wsum::Sha256 hasher;
  const unsigned char* next = bytes.data();
  for (std::size_t piece : {1, 63, 64, 65}) {
    hasher.update(next, piece);
    next += piece;
  }
  CHECK(hex_of(hasher.finish()) == expected);
}

TEST_CASE("sha256 every split point of two pieces") {
  std::vector<unsigned char> bytes = pattern(200);
  std::string expected = pattern_hex(bytes.size());
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    CAPTURE(split);
    wsum::Sha256 hasher;
    hasher.update(bytes.data(), split);
    hasher.update(bytes.data() + split, bytes.size() - split);
    CHECK(hex_of(hasher.finish()) == expected);
  }
}

TEST_CASE("sha256 finish resets the hasher") {
  wsum::Sha256 hasher;
  hasher.update("abc", 3);
  CHECK(hex_of(hasher.finish()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_of(hasher.finish()) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256 zero-size update") {
  wsum::Sha256 hasher;
  hasher.update(nullptr, 0);
  hasher.update("ab", 2);
  hasher.update(nullptr, 0);
  hasher.update("c", 1);
  CHECK(hex_of(hasher.finish()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 to_hex digit order") {
  wsum::Digest digest{};
  for (int i = 0; i < 32; ++i)
    digest.bytes[i] = static_cast<unsigned char>(i * 8 + 1);
  CHECK(hex_of(digest) ==
        "0109111921293139414951596169717981899199a1a9b1b9c1c9d1d9e1e9f1f9");
}
