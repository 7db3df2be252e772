// cli/link/static_unwind.cpp - linked into the `aio` command only when it is linked
// fully static (CMakeLists.txt), together with -Wl,--eh-frame-hdr and
// -Wl,--wrap=__register_frame_info,--wrap=__deregister_frame_info.
//
// Why: a static link starts the program with crtbeginT.o, which registers the whole
// .eh_frame with libgcc's unwinder. The first C++ throw then classifies and sorts
// every FDE of that object (about 23M instructions, ~4 ms here), and every script
// that raises an exception pays it once. Without the registration the unwinder
// looks FDEs up through dl_iterate_phdr and PT_GNU_EH_FRAME's sorted table, as it
// does in a dynamically linked program, at no set-up cost.
//
// crtbeginT.o's calls (at start and at exit) are redirected here by --wrap; the
// unwinder itself is untouched.
extern "C" {
void __wrap___register_frame_info(const void*, void*) {}
void* __wrap___deregister_frame_info(const void*) { return nullptr; }
}
