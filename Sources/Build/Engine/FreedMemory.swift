/// Gives the heap's free pages back to the system between stages.
///
/// A stage that ends frees millions of small blocks (a scan's attributes once set aside, the
/// align outcomes once their clips are made), scattered between blocks that stay. glibc keeps
/// such pages resident until a block of a fitting size is asked for again, and the worker
/// threads' arenas are not reused by the main thread at all, so without this the next stage's
/// peak sits on top of the last one's leftovers (docs/build.md, "Memory").
enum FreedMemory {
    static func release() { _ = mallocTrim(0) }
}

/// glibc's `malloc_trim` (`<malloc.h>`, which the Glibc module does not import): frees the
/// unused pages of every arena, not only those at the heap's top.
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32
