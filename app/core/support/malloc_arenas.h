#pragma once
// How many malloc arenas the process keeps, set once at the start of main() before any thread is made.
namespace dlk {

// glibc gives each new thread an arena of its own, up to eight per core. Memory one thread frees then stays in its
// arena while the next thread's work grows another: the export's passes run on four threads (scoring, the pupils and
// progress, scores.csv, responses.csv's writer), and at 100,000 pupils its peak went from 654 MB to 800 MB when they
// overlapped more. One arena per core (at least two) keeps the peak at 654 MB (measured, docs/data-flow.md).
void limitMallocArenas();

}  // namespace dlk
