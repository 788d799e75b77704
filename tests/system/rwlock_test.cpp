// SPDX-License-Identifier: MIT
// RwLock: shared and exclusive holds, try_lock and try_lock_shared, the
// two guards, writer preference, and readers and writers together on a
// multi-word value.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

// Tries the lock in one mode from a new thread, releasing it at once if
// taken, and returns whether it was taken. The calling thread may hold the
// lock itself, which the RwLock does not allow it to try again.
bool try_from_other_thread(tap::Tap& tap, weft::RwLock& lock, bool shared,
                           const char* name) {
  return tap::run_bounded(tap, name, [&lock, shared] {
    if (shared) {
      if (!lock.try_lock_shared())
        return false;
      lock.unlock_shared();
      return true;
    }
    if (!lock.try_lock())
      return false;
    lock.unlock();
    return true;
  });
}

// Readers that each try to take the lock in shared mode and hold it until
// leave lets them go, one permit per reader.
constexpr std::uint32_t shared_holders = 3;

struct Readers {
  weft::RwLock lock;
  weft::Semaphore leave;
  weft::Atomic<std::uint32_t> holding{0};
  weft::Atomic<std::uint32_t> refused{0};
  weft::Atomic<std::uint32_t> left{0};
};

void hold_shared(Readers* readers) {
  if (!readers->lock.try_lock_shared()) {
    readers->refused.fetch_add(1);
    return;
  }
  readers->holding.fetch_add(1);
  (void)readers->leave.wait_for(weft::Duration::seconds(60));
  readers->lock.unlock_shared();
  readers->left.fetch_add(1);
}

void test_shared_holders(tap::Tap& tap) {
  Readers readers;
  tap::HandleArray<void, shared_holders> handles;
  for (std::uint32_t i = 0; i < shared_holders; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, hold_shared, &readers);
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  std::int64_t limit = tap::monotonic_ns() + tap::hang_limit_ns;
  while (readers.holding.load() + readers.refused.load() < shared_holders &&
         tap::monotonic_ns() < limit)
    tap::sleep_ms(1);
  tap.equal(readers.holding.load(), shared_holders,
            "three try_lock_shared hold at once");
  tap.check(!readers.lock.try_lock(),
            "try_lock fails while three readers hold");

  (void)readers.leave.post();
  (void)readers.leave.post();
  (void)tap::poll_until_at_least(readers.left, 2);
  tap.equal(readers.left.load(), 2u, "two readers unlock_shared");
  tap.check(!readers.lock.try_lock(), "try_lock fails while one reader holds");

  (void)readers.leave.post();
  (void)tap::poll_until_at_least(readers.left, 3);
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();
  if (!tap.check(readers.lock.try_lock(),
                 "try_lock succeeds after readers leave"))
    return;
  tap.check(!try_from_other_thread(tap, readers.lock, true,
                                   "try_lock_shared under writer returns"),
            "try_lock_shared fails while writer holds");
  tap.check(!try_from_other_thread(tap, readers.lock, false,
                                   "try_lock under writer returns"),
            "try_lock fails while writer holds");
  readers.lock.unlock();
  if (tap.check(readers.lock.try_lock_shared(),
                "try_lock_shared succeeds after writer leaves"))
    readers.lock.unlock_shared();
}

void test_guards(tap::Tap& tap) {
  weft::RwLock lock;
  {
    weft::LockGuard guard(lock);
    tap.check(!try_from_other_thread(tap, lock, true,
                                     "try_lock_shared under LockGuard returns"),
              "LockGuard excludes readers");
    tap.check(!try_from_other_thread(tap, lock, false,
                                     "try_lock under LockGuard returns"),
              "LockGuard excludes writers");
  }
  tap.check(try_from_other_thread(tap, lock, false,
                                  "try_lock after LockGuard returns"),
            "LockGuard unlocks at scope end");
  {
    weft::SharedLockGuard guard(lock);
    tap.check(try_from_other_thread(tap, lock, true,
                                    "try_lock_shared under SharedLockGuard"),
              "SharedLockGuard admits other readers");
    tap.check(!try_from_other_thread(tap, lock, false,
                                     "try_lock under SharedLockGuard returns"),
              "SharedLockGuard excludes writers");
  }
  tap.check(try_from_other_thread(tap, lock, false,
                                  "try_lock after SharedLockGuard returns"),
            "SharedLockGuard unlocks at scope end");
}

// Writer preference: while a reader is inside, a writer blocks in lock, and
// from then on new readers must wait behind the writer.
struct Preference {
  weft::RwLock lock;
  weft::Semaphore writer_release;
  weft::Atomic<std::uint32_t> writer_started{0};
  weft::Atomic<std::uint32_t> writer_inside{0};
  weft::Atomic<std::uint32_t> writer_done{0};
  weft::Atomic<std::uint32_t> reader_started{0};
  weft::Atomic<std::uint32_t> reader_inside{0};
  // Whether the writer had finished when the queued reader got in.
  weft::Atomic<std::uint32_t> reader_saw_writer_done{0};
};

void write_when_allowed(Preference* state) {
  state->writer_started.store(1);
  state->lock.lock();
  state->writer_inside.store(1);
  (void)state->writer_release.wait_for(weft::Duration::seconds(60));
  state->writer_done.store(1);
  state->lock.unlock();
}

void read_behind_writer(Preference* state) {
  state->reader_started.store(1);
  state->lock.lock_shared();
  state->reader_saw_writer_done.store(state->writer_done.load());
  state->reader_inside.store(1);
  state->lock.unlock_shared();
}

void test_writer_preference(tap::Tap& tap) {
  Preference state;
  if (!tap.check(state.lock.try_lock_shared(), "first reader takes lock"))
    return;
  auto writer =
      weft::Thread::spawn(tap::small_stack, write_when_allowed, &state);
  if (!tap.check(writer.has_value(), "spawn writer"))
    tap::bail_out(tap, "spawn failed");
  (void)tap::poll_until_at_least(state.writer_started, 1);
  tap.check(tap::wait_until_asleep(writer->id()),
            "writer sleeps while reader holds");
  tap.equal(state.writer_inside.load(), 0u, "writer waits for reader inside");
  tap.check(!try_from_other_thread(tap, state.lock, true,
                                   "try_lock_shared behind writer returns"),
            "waiting writer blocks try_lock_shared");

  auto reader =
      weft::Thread::spawn(tap::small_stack, read_behind_writer, &state);
  if (!tap.check(reader.has_value(), "spawn queued reader"))
    tap::bail_out(tap, "spawn failed");
  (void)tap::poll_until_at_least(state.reader_started, 1);
  tap.check(tap::wait_until_asleep(reader->id()),
            "new reader sleeps behind writer");
  tap.equal(state.reader_inside.load(), 0u,
            "waiting writer blocks lock_shared");

  state.lock.unlock_shared();
  bool entered = tap::poll_until_at_least(state.writer_inside, 1);
  tap.check(entered, "writer enters after reader leaves");
  if (!entered)
    tap::bail_out(tap,
                  "the writer did not enter within 60 s of the reader leaving");
  tap.equal(state.reader_inside.load(), 0u, "queued reader waits for writer");

  (void)state.writer_release.post();
  bool read = tap::poll_until_at_least(state.reader_inside, 1);
  tap.check(read, "queued reader enters after writer");
  if (!read)
    tap::bail_out(tap, "the queued reader did not enter within 60 s");
  writer->join();
  reader->join();
  tap.equal(state.reader_saw_writer_done.load(), 1u,
            "queued reader enters after writer unlocks");
}

// Stress: writers store a value in every word of a multi-word record under
// the exclusive lock, readers check under the shared lock that all words
// agree. Readers keep reading until the writers have finished, so the
// writers reach their count only if readers do not starve them.
constexpr std::uint32_t stress_writers = 2;
constexpr std::uint32_t stress_readers = 6;
constexpr std::uint32_t writes_per_writer = 5000;
constexpr int record_words = 8;
// Each writer writes writer_base * (index + 1) + round, unique per write.
constexpr unsigned long writer_base = 1000000;

struct Record {
  weft::RwLock lock;
  unsigned long words[record_words] = {};
  weft::Atomic<std::uint32_t> readers_started{0};
  weft::Atomic<std::uint32_t> writers_done{0};
  weft::Atomic<std::uint32_t> finished{0};
  // Threads inside the lock, to check exclusion directly.
  weft::Atomic<std::uint32_t> readers_inside{0};
  weft::Atomic<std::uint32_t> writers_inside{0};
  weft::Atomic<std::uint32_t> writes{0};
  weft::Atomic<std::uint32_t> reads_while_writing{0};
  weft::Atomic<std::uint32_t> torn_reads{0};
  weft::Atomic<std::uint32_t> torn_writes{0};
  weft::Atomic<std::uint32_t> overlaps{0};
};

bool words_agree(const Record* record) {
  for (int i = 1; i < record_words; i++) {
    if (record->words[i] != record->words[0])
      return false;
  }
  return true;
}

void write_records(Record* record, int index) {
  std::int64_t limit = tap::monotonic_ns() + tap::hang_limit_ns;
  while (record->readers_started.load() < stress_readers &&
         tap::monotonic_ns() < limit)
    weft::Thread::yield();
  std::uint32_t torn = 0;
  std::uint32_t overlaps = 0;
  for (std::uint32_t round = 1; round <= writes_per_writer; round++) {
    {
      weft::LockGuard guard(record->lock);
      if (record->writers_inside.fetch_add(1) != 0 ||
          record->readers_inside.load() != 0)
        overlaps++;
      if (!words_agree(record))
        torn++;
      unsigned long value = writer_base * (index + 1) + round;
      for (int i = 0; i < record_words; i++) {
        record->words[i] = value;
        // Stopping halfway now and then gives a reader that wrongly got in
        // time to see the record half written.
        if (i == record_words / 2 && round % 64 == 0)
          weft::Thread::yield();
      }
      record->writers_inside.fetch_sub(1);
    }
    weft::Thread::yield();
  }
  record->writes.fetch_add(writes_per_writer);
  record->torn_writes.fetch_add(torn);
  record->overlaps.fetch_add(overlaps);
  record->writers_done.fetch_add(1);
  record->finished.fetch_add(1);
}

void read_records(Record* record) {
  record->readers_started.fetch_add(1);
  std::uint32_t reads = 0;
  std::uint32_t torn = 0;
  std::uint32_t overlaps = 0;
  while (record->writers_done.load() < stress_writers) {
    weft::SharedLockGuard guard(record->lock);
    record->readers_inside.fetch_add(1);
    if (record->writers_inside.load() != 0)
      overlaps++;
    if (!words_agree(record))
      torn++;
    // Holding the lock across a yield now and then makes writers wait for
    // readers that are inside.
    if (reads % 64 == 0)
      weft::Thread::yield();
    record->readers_inside.fetch_sub(1);
    reads++;
  }
  record->reads_while_writing.fetch_add(reads);
  record->torn_reads.fetch_add(torn);
  record->overlaps.fetch_add(overlaps);
  record->finished.fetch_add(1);
}

void test_readers_and_writers(tap::Tap& tap) {
  Record record;
  tap::HandleArray<void, stress_writers + stress_readers> handles;
  for (std::uint32_t i = 0; i < stress_readers; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, read_records, &record);
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  for (std::uint32_t i = 0; i < stress_writers; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, write_records, &record,
                                      static_cast<int>(i));
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  bool done = tap::poll_until_at_least(record.finished,
                                       stress_writers + stress_readers);
  tap.check(done, "readers and writers finish within 60 s");
  if (!done) {
    tap.output() << "# " << record.writes.load() << " writes, "
                 << record.writers_done.load() << " writers done\n";
    tap::bail_out(tap, "readers or writers stayed blocked");
  }
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();

  tap.equal(record.writes.load(), stress_writers * writes_per_writer,
            "writers complete 10000 writes among readers");
  tap.check(record.reads_while_writing.load() > 0,
            "readers read while writers write");
  tap.equal(record.torn_reads.load(), 0u, "no reader sees a torn record");
  tap.equal(record.torn_writes.load(), 0u, "no writer finds a torn record");
  tap.equal(record.overlaps.load(), 0u, "writers never overlap other holders");
  tap.check(words_agree(&record), "final record words agree");
  unsigned long last = record.words[0];
  tap.check(last == writer_base + writes_per_writer ||
                last == 2 * writer_base + writes_per_writer,
            "final record is a writer's last write");
  tap.output() << "# " << record.reads_while_writing.load() << " reads during "
               << record.writes.load() << " writes\n";
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_shared_holders(tap);
  test_guards(tap);
  test_writer_preference(tap);
  test_readers_and_writers(tap);
  return tap.finish();
}
