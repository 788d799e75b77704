// SPDX-License-Identifier: MIT
// Every futex-based synchronisation primitive in one include.
#pragma once

#include "condition.hpp"
#include "futex.hpp"
#include "mutex.hpp"
#include "once.hpp"
#include "reset_event.hpp"
#include "rwlock.hpp"
#include "semaphore.hpp"
#include "time.hpp"
#include "wait_group.hpp"
