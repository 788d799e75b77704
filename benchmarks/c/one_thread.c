// SPDX-License-Identifier: MIT
// The smallest useful threaded program: create one thread, join it, exit 0.
// Measured for its stripped size and for the time of one exec from start
// to exit.
#include <pthread.h>
#include <stddef.h>

static void* empty_body(void* argument) { return argument; }

int main(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, empty_body, NULL) != 0)
    return 1;
  pthread_join(thread, NULL);
  return 0;
}
