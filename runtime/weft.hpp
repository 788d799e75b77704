// SPDX-License-Identifier: MIT
// weft's public interface in one include.
#pragma once

#include "output.hpp"
#include "process.hpp"
#include "result.hpp"
#include "sync.hpp"
#include "syscalls.hpp"
#include "thread.hpp"
#include "thread_pool.hpp"
