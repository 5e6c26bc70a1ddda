/// Gives the heap's free pages back to the system between stages.
///
/// A stage that ends frees millions of small blocks (the probe's scratch, the align outcomes
/// once their clips are made). glibc keeps their pages resident until a block of a fitting size
/// is asked for again, and the worker threads' arenas are never asked again by the main thread.
/// Trimming pays only where no live block pins a page, hence `ProbedSource.madeOnThisThread`:
/// the two together took a study-size build from 1,339 to 1,022 MiB after probing, where the
/// trim alone changed nothing (docs/build.md, "Memory").
enum FreedMemory {
    static func release() { _ = mallocTrim(0) }
}

/// glibc's `malloc_trim` (`<malloc.h>`, which the Glibc module does not import): frees the
/// unused pages of every arena, not only those at the heap's top.
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32
