// SPDX-License-Identifier: MIT
// The doctest runner for the hosted unit tests. Run the binary with no
// arguments for doctest's console output, or with --reporters=tap for the
// TAP stream that meson test parses (see tap_reporter.cpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
