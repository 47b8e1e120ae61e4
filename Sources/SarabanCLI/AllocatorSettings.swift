import CMalloc

/// glibc's allocator, set for a process that renders and exits. Set before any thread starts.
///
/// A render runs on three or four threads, and glibc gives each thread an arena of its own whose heap it grows a
/// page or so at a time, each step an `mprotect` that, in a process with several threads, interrupts every core to
/// flush its address cache. Blocks of 128 KB and more (a page's glyphs, a font, the PDF) were each a fresh `mmap`,
/// faulted in page by page and unmapped when freed. Measured on a cold render of the measures report (40 runs each,
/// interleaved): 5% less time and 8% less CPU with a new heap made writable 16 MB at once and big blocks reused
/// from the heaps. The 16 MB are address space: a page costs memory only once it is written.
enum AllocatorSettings {
    static func forRendering() {
        _ = mallopt(M_TOP_PAD, 16 << 20)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        // Not given back to the system on every free of a big block; a batch still gives it back (malloc_trim).
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    }
}
